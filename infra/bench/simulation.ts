/**
 * `npm run bench:simulation`: issue 20's number on this machine, against a throw-away database: a draft plan version
 * simulated over the last full month of `--tenants` tenants (default 1,000) with `--events` events each (default 200),
 * through the worker's simulation run (the plan-simulations job's body: keyset pages of events, the worker's rating,
 * the ledger's before, both sides paid from a 5 USD credit grant per tenant), with a tier and an allowance in the
 * draft. Target: ≤ 60 s. Events are seeded with SQL (the recording path is measured by bench:worker); the ledger gets
 * one usage line per (tenant, hour) to read as before. A script, not a test: numbers go to docs/benchmarks.md.
 */
import { randomUUID } from "node:crypto";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { createDbClient } from "@tollgate/db";
import { createTestDatabase } from "@tollgate/db/testing";
import { getPlanSimulation, startPlanSimulation } from "@tollgate/use-cases/plan-simulations";
import { CatalogCache } from "@tollgate/worker/catalog-cache";
import { runPlanSimulation } from "@tollgate/worker/plan-simulation";
import pg from "pg";
import { rate } from "./pipeline/report.ts";

const { values } = parseArgs({
  options: {
    tenants: { type: "string", default: "1000" },
    events: { type: "string", default: "200" },
    lanes: { type: "string", default: "2" },
  },
  strict: true,
});
const tenants = Number(values.tenants);
const eventsPerTenant = Number(values.events);
const lanes = Number(values.lanes);
for (const [name, value] of Object.entries({ tenants, eventsPerTenant, lanes })) {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer`);
}

const MODEL = "acme/bench-sim";
const now = new Date();
const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const monthMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - monthStart.getTime();
const database = await createTestDatabase();
const pool = new pg.Pool({ connectionString: database.url, max: lanes + 3 });
const db = createDbClient(database.url, { maxConnections: 2 });
try {
  console.log(`machine: ${cpus().length.toString()} × ${cpus()[0]?.model ?? "?"}, ${now.toISOString()}`);
  let started = performance.now();
  const planId = randomUUID();
  const publishedId = randomUUID();
  const draftId = randomUUID();
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', $1, now())", [
    MODEL,
  ]);
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, 'bench', 'Bench')", [planId]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
     VALUES ($1, $3, 1, 'published', 'USD', '2020-01-01Z', now(), '{}'),
            ($2, $3, 2, 'draft', 'USD', '2020-01-01Z', NULL, $4)`,
    [
      publishedId,
      draftId,
      planId,
      JSON.stringify({
        allowances: [{ kind: "tokens", id: "free-input", tokens: "1000000", token_types: ["input"] }],
        tiers: [
          {
            id: "output",
            token_types: ["output"],
            schedule: {
              mode: "graduated",
              tiers: [
                { up_to: "5000000", price_per_million: "12" },
                { up_to: null, price_per_million: "9" },
              ],
            },
          },
        ],
      }),
    ],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $3, 'input', '', 2), ($1, $3, 'output', '', 10), ($2, $3, 'input', '', 2), ($2, $3, 'output', '', 12)`,
    [publishedId, draftId, MODEL],
  );
  await pool.query(
    `INSERT INTO tenants (id, slug, name)
     SELECT gen_random_uuid(), 'bench-' || i, 'Bench tenant ' || i FROM generate_series(1, $1) AS i`,
    [tenants],
  );
  await pool.query(
    `INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at)
     SELECT gen_random_uuid(), id, $1, '2020-01-01Z' FROM tenants`,
    [publishedId],
  );
  // Events spread over the month; amounts at the published rates (input 2, output 10 per 1M).
  await pool.query(
    `INSERT INTO usage_events (tenant_id, event_id, occurred_at, received_at, model_id, input_tokens, output_tokens,
                               rating_status, amount, currency, plan_version_id, rated_at)
     SELECT t.id, 'e-' || i, $2::timestamptz + (i * $3::bigint / $4) * interval '1 millisecond', now(), $5,
            1000 + i * 7, 20000 + i * 13, 'rated', ((1000 + i * 7) * 2 + (20000 + i * 13) * 10) / 1000000.0, 'USD',
            $1, now()
       FROM tenants t, generate_series(0, $4 - 1) AS i`,
    [publishedId, monthStart.toISOString(), monthMs, eventsPerTenant, MODEL],
  );
  await pool.query(
    `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, occurred_at, idempotency_key,
                                 plan_version_id)
     SELECT tenant_id, 'usage_charge', sum(amount), 'USD', $1, date_trunc('hour', occurred_at),
            'bench:' || date_trunc('hour', occurred_at)::text, $2
       FROM usage_events GROUP BY tenant_id, date_trunc('hour', occurred_at)`,
    [MODEL, publishedId],
  );
  // Every tenant has a 5 USD grant from the month's start (its usage charges about 40): both sides pay from it.
  await pool.query(
    `INSERT INTO credit_grants (id, tenant_id, kind, amount, remaining, currency, priority, reason, granted_at)
     SELECT gen_random_uuid(), id, 'paid', 5, 5, 'USD', 0, 'bench', $1 FROM tenants`,
    [monthStart],
  );
  await pool.query("ANALYZE");
  const events = tenants * eventsPerTenant;
  console.log(
    `${rate(tenants)} tenants × ${rate(eventsPerTenant)} events (${rate(events)}) seeded in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const operator = { kind: "operator_key", keyId: null, prefix: "bench" } as const;
  const simulation = await startPlanSimulation(
    db,
    { versionId: draftId, scope: { kind: "all" }, window: { kind: "last_month" } },
    { actor: operator },
    // No queue: the run below is the job's body, timed on its own.
    { now, planSimulations: { enqueue: () => Promise.resolve() } },
  );
  started = performance.now();
  await runPlanSimulation(pool, new CatalogCache(60_000), simulation.id, { lanes });
  const seconds = (performance.now() - started) / 1000;
  const view = await getPlanSimulation(db, simulation.id);
  console.log(
    `simulation of ${rate(view.tenantsDone)} tenants, ${view.totals.events} events (last full month): ` +
      `${seconds.toFixed(1)} s, ${rate(Number(view.totals.events) / seconds)} events/s (${lanes.toString()} lanes); ` +
      `before ${view.totals.before}, after ${view.totals.after}, credits before ${view.totals.beforeCredits}, ` +
      `after ${view.totals.afterCredits}, status ${view.status}`,
  );
} finally {
  await db.$disconnect();
  await pool.end();
  await database.drop();
}
