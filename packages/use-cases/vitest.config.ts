import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "use-cases", testTimeout: 60_000, hookTimeout: 60_000 } });
