import { existsSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { bold, dim, green } from "./log.ts";

export interface BannerInfo {
  root: string;
  apiPort: number;
  ingestPort: number;
  workerPort: number;
  postgres: string;
  redis: string;
}

const DEMO_PASSWORD = "tollgate-demo";

/** A demo start lists the known logins; a production start has none and says how to create the first operator. */
export type BannerMode = { kind: "demo"; slugs: string[] } | { kind: "production"; operatorExists: boolean | null };

/** Whether an operator user exists; null when it cannot be read. */
export async function operatorExists(databaseUrl: string): Promise<boolean | null> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const result = await client.query("SELECT 1 FROM users WHERE role = 'operator' LIMIT 1");
    return result.rowCount !== null && result.rowCount > 0;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The demo tenants' slugs, to name their admin logins; empty when they cannot be read. */
export async function demoTenantSlugs(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const result = await client.query<{ slug: string }>("SELECT slug FROM tenants ORDER BY slug LIMIT 10");
    return result.rows.map((row) => row.slug);
  } catch {
    return [];
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function banner(info: BannerInfo, mode: BannerMode): string {
  const api = `http://localhost:${info.apiPort.toString()}`;
  const lines = [
    "",
    bold(green(mode.kind === "demo" ? "Tollgate is running in DEMO MODE" : "Tollgate is running")),
    "",
    `  Console    ${bold(api)}`,
    `  Ingest     ${bold(`http://localhost:${info.ingestPort.toString()}/v1/events`)}`,
    `  API        ${bold(`${api}/openapi.json`)} ${dim("(REST /v1/*, tRPC /trpc)")}`,
    `  Metrics    http://localhost:${info.workerPort.toString()}/metrics ${dim("(worker; ingest and api serve /metrics too)")}`,
    `  Postgres   ${info.postgres}`,
    `  Redis      ${info.redis}`,
    "",
    ...(mode.kind === "demo" ? demoLines(info.root, mode.slugs) : firstOperatorLines(api, mode.operatorExists)),
    "",
    dim("  Ctrl-C stops everything."),
    "",
  ];
  return lines.join("\n");
}

function demoLines(root: string, slugs: string[]): string[] {
  const keysFile = join(root, ".data/demo-keys.json");
  const admins = slugs.length > 0 ? slugs.map((slug) => `admin@${slug}.example`) : ["admin@<tenant-slug>.example"];
  return [
    bold("  DEMO MODE: these logins and keys are public knowledge; never expose this instance."),
    `  Demo logins ${dim(`(password ${DEMO_PASSWORD})`)}`,
    `    operator@tollgate.local ${dim("(operator)")}`,
    ...admins.map((admin) => `    ${admin} ${dim("(tenant admin)")}`),
    ...(slugs.includes("acme-agents") ? [`    viewer@acme-agents.example ${dim("(tenant viewer)")}`] : []),
    `  Demo API keys  ${existsSync(keysFile) ? ".data/demo-keys.json" : ".data/demo-keys.json (written when the seed creates keys)"}`,
    `  Demo traffic   ${bold("npm run demo:traffic")}`,
  ];
}

function firstOperatorLines(api: string, exists: boolean | null): string[] {
  if (exists === true) return [`  Sign in at ${api} ${dim("(no demo data: start with --demo for demo logins)")}`];
  return [
    bold("  No operator yet. Create the first one either way:"),
    `    - open the one-time link the api printed above (${api}/setup#token=…; restart the api for a new one)`,
    "    - or set TOLLGATE_OPERATOR_EMAIL and TOLLGATE_OPERATOR_PASSWORD (12+ characters) and start again",
    dim("  No demo data: `npm start -- --demo` adds demo tenants, logins and keys."),
  ];
}

/** A URL without its password, for printing. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = "****";
    return url.toString();
  } catch {
    return value;
  }
}
