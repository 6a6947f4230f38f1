import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** `.data/demo-keys.json`: the demo API keys' secrets, which the database only holds as hashes. */
export interface DemoKeysFile {
  operator: string;
  tenants: Record<string, { tenantId: string; apiKey: string }>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The parsed file, or null when it is missing or not in the expected shape (the caller then writes a new one). */
export function readDemoKeysFile(path: string): DemoKeysFile | null {
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
  if (!isRecord(parsed) || typeof parsed.operator !== "string" || !isRecord(parsed.tenants)) return null;
  const tenants: DemoKeysFile["tenants"] = {};
  for (const [slug, entry] of Object.entries(parsed.tenants)) {
    if (!isRecord(entry) || typeof entry.tenantId !== "string" || typeof entry.apiKey !== "string") return null;
    tenants[slug] = { tenantId: entry.tenantId, apiKey: entry.apiKey };
  }
  return { operator: parsed.operator, tenants };
}

/** Owner-only (0600), written to a temporary file and renamed, so a reader never sees half a file. */
export function writeDemoKeysFile(path: string, keys: DemoKeysFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid.toString()}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  // The mode option is filtered by the umask; chmod makes 0600 exact.
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
