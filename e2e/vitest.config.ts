import { defineConfig } from "vitest/config";

// End-to-end tests start real processes (ingest, worker, api) and a real browser.
export default defineConfig({ test: { name: "e2e", testTimeout: 120_000, hookTimeout: 180_000 } });
