// `npm run demo:history [-- --events <n>]`: 90 days of demo agent traffic for the demo tenants, recorded through the
// worker's recording path, then the ended billing periods closed (see demo-history/load-demo-history.ts). `npm start
// -- --demo` runs it after the seed. Idempotent: a second run adds nothing.
import { parseArgs } from "node:util";
import { createDbClient } from "@tollgate/db";
import { redactUrl } from "@tollgate/db/migrations";
import { invoiceIssuerFromEnv } from "@tollgate/use-cases/invoices";
import pg from "pg";
import { loadDemoHistoryEnv } from "./demo-history/env.ts";
import { DEFAULT_HISTORY_EVENTS, loadDemoHistory } from "./demo-history/load-demo-history.ts";

const USAGE = "usage: npm run demo:history -- [--events <about how many, default 150000>]";

const startedAt = performance.now();
let events = DEFAULT_HISTORY_EVENTS;
try {
  const { values } = parseArgs({ options: { events: { type: "string" } }, strict: true });
  if (values.events !== undefined) events = Number(values.events);
  if (!Number.isInteger(events) || events < 1000 || events > 10_000_000) {
    throw new Error("--events: a whole number from 1000 to 10000000");
  }
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}

const env = loadDemoHistoryEnv();
const db = createDbClient(env.DATABASE_URL, { maxConnections: 2 });
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
try {
  const summary = await loadDemoHistory({ db, pool, issuer: invoiceIssuerFromEnv(env), events });
  const rate = summary.loadSeconds > 0 ? Math.round(summary.inserted / summary.loadSeconds) : 0;
  console.log(
    [
      `demo history: ${redactUrl(env.DATABASE_URL)}`,
      `  events   ${summary.generated.toString()} over 90 days: ${summary.inserted.toString()} recorded ` +
        `(${summary.unrated.toString()} unrated), ${summary.alreadyStored.toString()} already there, ` +
        `in ${summary.loadSeconds.toFixed(1)} s (${rate.toString()}/s)`,
      `  created  ${summary.keysCreated.toString()} named API keys, ${summary.billingSetupCreated.toString()} budgets and credit grants`,
      `  invoices ${summary.invoicesFinalized.length > 0 ? `finalized ${summary.invoicesFinalized.join(", ")}` : "no period left to close"}` +
        (summary.invoicesPaid.length > 0 ? `; paid ${summary.invoicesPaid.join(", ")}` : ""),
      `  done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
    ].join("\n"),
  );
} catch (error) {
  console.error("demo history failed:", error);
  process.exitCode = 1;
} finally {
  await pool.end();
  await db.$disconnect();
}
