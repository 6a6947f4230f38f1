import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Checks of the deployment files (docker-compose.yml, Dockerfile, redis.conf, .env.example) against the code.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: { name: "infra", testTimeout: 60_000 },
});
