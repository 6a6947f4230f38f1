import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "worker", testTimeout: 60000, hookTimeout: 60000 } });
