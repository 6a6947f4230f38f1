import { defineConfig } from "vitest/config";

export default defineConfig({ test: { name: "invoice-documents", testTimeout: 30_000 } });
