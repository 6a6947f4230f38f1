// What each app's src/env.ts reads: variable names (from its source, plus the shared schemas of @tollgate/http it
// extends) and defaults (by calling its exported load…Env with an empty environment).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
// Schemas of @tollgate/http that apps extend: their variables count as read by the app that names them.
const SHARED_ENV_SCHEMAS: Record<string, string> = {
  commonEnvSchema: join(ROOT, "packages/http/src/parse-env.ts"),
  httpTimeoutsEnvSchema: join(ROOT, "packages/http/src/server-timeouts.ts"),
  invoiceIssuerEnvSchema: join(ROOT, "packages/use-cases/src/invoices/invoice-issuer.ts"),
};

export function envFile(app: string): string {
  return join(ROOT, "apps", app, "src", "env.ts");
}

/** Apps that have a src/main.ts (the services); each must have a src/env.ts. */
export function serviceApps(): string[] {
  return readdirSync(join(ROOT, "apps")).filter((app) => existsSync(join(ROOT, "apps", app, "src", "main.ts")));
}

/** The variable names an app's env.ts reads. Throws with a clear message when the file does not exist. */
export function envVariables(app: string): Set<string> {
  const file = envFile(app);
  if (!existsSync(file)) throw new Error(`apps/${app}/src/env.ts does not exist: every app reads its variables there`);
  const source = readFileSync(file, "utf8");
  const names = namesIn(source);
  for (const [schema, schemaFile] of Object.entries(SHARED_ENV_SCHEMAS)) {
    if (!source.includes(schema)) continue;
    const shared = readFileSync(schemaFile, "utf8");
    const start = shared.indexOf(`${schema} = `);
    const end = shared.indexOf("});", start);
    if (start < 0 || end < 0) throw new Error(`${schema} not found in ${schemaFile}`);
    for (const name of namesIn(shared.slice(start, end))) names.add(name);
  }
  return names;
}

function namesIn(source: string): Set<string> {
  const names = new Set<string>();
  const patterns = [
    /(?:^|[{,])\s*([A-Z][A-Z0-9_]*)\s*:/gm, // schema keys: `API_PORT: portSchema.default(3000)`
    /process\.env\.([A-Z][A-Z0-9_]*)/g,
    /process\.env\[["']([A-Z][A-Z0-9_]*)["']\]/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) if (match[1]) names.add(match[1]);
  return names;
}

/** Calls the app's exported `load…Env` with `source` (an empty environment gives the defaults). */
export async function loadAppEnv(app: string, source: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const module: unknown = await import(pathToFileURL(envFile(app)).href);
  const loader = Object.entries(module as Record<string, unknown>).find(
    ([name, value]) => /^load\w*Env$/.test(name) && typeof value === "function",
  )?.[1] as ((source: Record<string, string>) => unknown) | undefined;
  if (!loader) throw new Error(`apps/${app}/src/env.ts exports no load…Env function`);
  return loader(source) as Record<string, unknown>;
}

/** A default as it is written in an env file: absolute paths inside the repository become relative to it. */
export function asEnvValue(value: unknown): string {
  if (typeof value === "string") return value.startsWith(ROOT) ? value.slice(ROOT.length).replace(/\/$/, "") : value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}
