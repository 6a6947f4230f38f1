import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "ingest", testTimeout: 60000, hookTimeout: 60000 } });
