import { defineConfig } from "vitest/config";

// One vitest run over every package's own config (each sets its name and timeouts).
export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "apps/*/vitest.config.ts",
      "infra/vitest.config.ts",
      "e2e/vitest.config.ts",
    ],
  },
});
