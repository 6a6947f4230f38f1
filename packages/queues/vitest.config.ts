import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "queues", testTimeout: 30000 } });
