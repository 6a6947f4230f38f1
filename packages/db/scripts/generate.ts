// npm run db:generate — `prisma generate` offline. Generation never runs the schema engine, but the CLI insists on
// finding one; pointing it at any existing executable satisfies the check without a download.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const result = spawnSync("npx", ["prisma", "generate"], {
  cwd: packageDir,
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath },
});
if (result.status !== 0) {
  console.error("prisma generate failed");
  process.exit(result.status ?? 1);
}
