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

export function banner(info: BannerInfo, slugs: string[]): string {
  const api = `http://localhost:${info.apiPort.toString()}`;
  const keysFile = join(info.root, ".data/demo-keys.json");
  const admins = slugs.length > 0 ? slugs.map((slug) => `admin@${slug}.example`) : ["admin@<tenant-slug>.example"];
  const lines = [
    "",
    bold(green("Tollgate is running")),
    "",
    `  Console    ${bold(api)}`,
    `  Ingest     ${bold(`http://localhost:${info.ingestPort.toString()}/v1/events`)}`,
    `  API        ${bold(`${api}/openapi.json`)} ${dim("(REST /v1/*, tRPC /trpc)")}`,
    `  Metrics    http://localhost:${info.workerPort.toString()}/metrics ${dim("(worker; ingest and api serve /metrics too)")}`,
    `  Postgres   ${info.postgres}`,
    `  Redis      ${info.redis}`,
    "",
    `  Demo logins ${dim(`(password ${DEMO_PASSWORD})`)}`,
    `    operator@tollgate.local ${dim("(operator)")}`,
    ...admins.map((admin) => `    ${admin} ${dim("(tenant admin)")}`),
    `  Demo API keys  ${existsSync(keysFile) ? ".data/demo-keys.json" : ".data/demo-keys.json (written when the seed creates keys)"}`,
    `  Demo traffic   ${bold("npm run demo:traffic")}`,
    "",
    dim("  Ctrl-C stops everything."),
    "",
  ];
  return lines.join("\n");
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
