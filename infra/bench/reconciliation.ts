/**
 * `npx tsx infra/bench/reconciliation.ts [--tenants 10000] [--events 30]`: what one reconciliation run costs at
 * scale. Builds a throw-away database with `--tenants` tenants, each with `--events` rated events and 3 ledger
 * lines in each of the three periods checked (Oct–Dec 2026), October and November closed with a finalized invoice
 * each, then times a run summing every tenant's events and one with the event check bounded (the default 2,000 tenants).
 * A script, not a test: numbers go to docs/benchmarks.md.
 */
import { parseArgs } from "node:util";
import { createDbClient } from "@tollgate/db";
import { createTestDatabase } from "@tollgate/db/testing";
import { runReconciliation } from "@tollgate/use-cases/reconciliation";

const { values } = parseArgs({
  options: { tenants: { type: "string", default: "10000" }, events: { type: "string", default: "30" } },
  strict: true,
});
const tenants = Number(values.tenants);
const events = Number(values.events);
const database = await createTestDatabase();
const db = createDbClient(database.url, { maxConnections: 2 });
const now = new Date("2026-12-06T12:00:00Z");

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return result;
}

try {
  await timed("seed", async () => {
    await db.$executeRaw`
      INSERT INTO tenants (id, slug, name) SELECT gen_random_uuid(), 'b-' || n, 'Bench ' || n
        FROM generate_series(1, ${tenants}) AS n`;
    // Each period: `events` events of 0.001234 each, and 3 ledger lines that sum to exactly the same (the first
    // carries it all).
    await db.$executeRaw`
      INSERT INTO usage_events (tenant_id, event_id, occurred_at, received_at, model_id, rating_status, amount, currency)
      SELECT t.id, p || '-' || n, m + (n || ' hours')::interval, m, 'bench/model', 'rated', 0.001234, 'USD'
        FROM tenants t, generate_series(0, 2) AS p,
             LATERAL (SELECT timestamptz '2026-10-01Z' + (p || ' months')::interval AS m) AS months,
             generate_series(1, ${events}) AS n`;
    await db.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, occurred_at, idempotency_key, description)
      SELECT t.id, 'usage_charge', CASE WHEN l = 1 THEN 0.001234 * ${events} ELSE 0 END, 'USD', 'bench/model',
             timestamptz '2026-10-01Z' + (p || ' months')::interval + (l || ' hours')::interval, 'bench-' || p || '-' || l, 'usage'
        FROM tenants t, generate_series(0, 2) AS p, generate_series(1, 3) AS l`;
    // October and November closed, each with its finalized invoice.
    await db.$executeRaw`UPDATE tenants SET billed_through = '2026-12-01Z'`;
    await db.$executeRaw`
      INSERT INTO invoices (id, tenant_id, issuer, status, currency, period_start, period_end, subtotal, total)
      SELECT gen_random_uuid(), t.id, 'BN', 'draft', 'USD', m, (m AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC',
             round(0.001234 * ${events}, 2), round(0.001234 * ${events}, 2)
        FROM tenants t, unnest(array[timestamptz '2026-10-01Z', timestamptz '2026-11-01Z']) AS m`;
    await db.$executeRaw`
      INSERT INTO invoice_lines (id, invoice_id, position, section, description, amount, exact_amount)
      SELECT gen_random_uuid(), id, 1, 'usage', 'bench', subtotal, 0.001234 * ${events} FROM invoices`;
    await db.$executeRaw`UPDATE invoices SET status = 'finalized', number = 'BN-' || id, issued_at = now()`;
    await db.$executeRaw`ANALYZE`;
  });
  const [counts] = await db.$queryRaw<{ events: bigint; ledger: bigint; totals: bigint }[]>`
    SELECT (SELECT count(*) FROM usage_events) AS events, (SELECT count(*) FROM ledger_entries) AS ledger,
           (SELECT count(*) FROM ledger_period_totals) AS totals`;
  console.log(
    `rows: ${String(counts?.events)} events, ${String(counts?.ledger)} ledger entries, ${String(counts?.totals)} period totals`,
  );
  // Every tenant's events first (no earlier run, so it starts at the first tenant and wraps), then the bounded run.
  for (const [label, eventTenantsPerRun] of [
    [`run, events of all ${tenants.toString()} tenants`, tenants + 1],
    ["run, events of 2,000 tenants (default bound)", 2000],
  ] as const) {
    const result = await timed(label, () => runReconciliation(db, { now, eventTenantsPerRun }));
    console.log(
      `  tenants ${result.tenantsChecked.toString()}, event periods ${result.eventPeriodsChecked.toString()}, ` +
        `invoices ${result.invoicesChecked.toString()}, findings ${result.findingsCount.toString()}`,
    );
  }
} finally {
  await db.$disconnect();
  await database.drop();
}
