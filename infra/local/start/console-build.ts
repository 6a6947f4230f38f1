import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SKIP = new Set(["node_modules", "dist", ".turbo"]);

/** Why the console needs a build (no build, or sources newer than it), or undefined when it is current. */
export function consoleBuildReason(root: string): string | undefined {
  const index = join(root, "apps/console/dist/index.html");
  if (!existsSync(index)) return "apps/console/dist is missing";
  const builtAt = statSync(index).mtimeMs;
  // The bundle is made of the console's own files and packages/domain (formatting); the tRPC router is types only.
  const newest = Math.max(newestMtime(join(root, "apps/console")), newestMtime(join(root, "packages/domain/src")));
  return newest > builtAt ? "its sources changed since the last build" : undefined;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const child = join(path, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(child) : statSync(child).mtimeMs);
  }
  return newest;
}
