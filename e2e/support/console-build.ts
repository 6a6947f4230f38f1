import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./service-process.ts";

export const CONSOLE_DIST_DIR = join(REPO_ROOT, "apps/console/dist");

/** Builds the console once if no build exists (CI builds before testing; a fresh `npm test` must work too). */
export function ensureConsoleBuilt(): void {
  if (existsSync(join(CONSOLE_DIST_DIR, "index.html"))) return;
  execFileSync("npm", ["run", "build", "-w", "@tollgate/console"], { cwd: REPO_ROOT, stdio: "inherit" });
}
