import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { type Principal } from "@tollgate/use-cases/access";
import { createModel } from "@tollgate/use-cases/catalog";
import { createCreditGrant } from "@tollgate/use-cases/credits";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import {
  money,
  parseUsageEvent,
  toDecimalString,
  type PlanPricingInput,
  type QueuedUsageEvent,
} from "@tollgate/domain";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogCache } from "../src/store/catalog-cache.ts";
import { rateUnratedEvents } from "../src/jobs/re-rate-unrated.ts";
import { startRatingSweepHarness, type RatingSweepHarness } from "./support/run-rating-sweep-worker.ts";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * Events for models without a price are stored unrated by the real usage worker; a price appears (a catalog model
 * with cost rates, priced by the plan's markup, reached through its id and a new alias); the real sweep worker rates
 * them. Event amounts, ledger, credits, rollups and tier counters must equal the hand computation below exactly,
 * and further sweeps, sequential or concurrent, must change nothing.
 */
const KNOWN = "acme/known";
const PRICING: PlanPricingInput = {
  // Provider cost × 1.2 for the newco models, once the catalog knows their cost.
  model_markups: [{ models: ["newco/*"], markup_percent: "20" }],
  // Output of every model on one graduated meter: the first 1M tokens of the period at 10 per 1M, then 5.
  tiers: [
    {
      id: "output",
      token_types: ["output"],
      schedule: {
        mode: "graduated",
        tiers: [
          { up_to: "1000000", price_per_million: "10" },
          { up_to: null, price_per_million: "5" },
        ],
      },
    },
  ],
};
const OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "tg_test" };
const SYSTEM = { actor: "system:rating-sweep-test" as const, reason: "price for a model in use" };

let database: TestDatabase;
let pool: pg.Pool;
let db: Db;
let usage: UsageWorkerHarness;
let sweeps: RatingSweepHarness;
const tenantId = randomUUID();
const apiKeyId = randomUUID();
let grantId = "";

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 6 });
  db = createDbClient(database.url, { maxConnections: 2 });
  usage = startUsageWorkerHarness(pool);
  sweeps = startRatingSweepHarness(pool, 2);
  await sweeps.ready;
  const versionId = randomUUID();
  const planId = randomUUID();
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', 'Known', now())", [
    KNOWN,
  ]);
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, 'sweep', 'Sweep Inc')", [tenantId]);
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, 'std', 'Standard')", [planId]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
     VALUES ($1, $2, 1, 'published', 'USD', '2026-01-01Z', now(), $3)`,
    [versionId, planId, JSON.stringify(PRICING)],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $2, 'input', '', 2), ($1, $2, 'output', '', 10)`,
    [versionId, KNOWN],
  );
  await pool.query(
    "INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2026-11-01Z')",
    [randomUUID(), tenantId, versionId],
  );
  const grant = await createCreditGrant(
    db,
    tenantId,
    { kind: "promotional", amount: "10", currency: "USD" },
    { actor: OPERATOR, reason: "welcome" },
    { now: new Date("2026-11-01T00:00:00Z") },
  );
  grantId = grant.id;
});

afterAll(async () => {
  await sweeps.close();
  await usage.close();
  await db.$disconnect();
  await pool.end();
  await database.drop();
});

const exact = (value: string | null | undefined) => (value == null ? null : toDecimalString(money(value)));

function event(id: string, model: string, timestamp: string, fields: Record<string, number>): QueuedUsageEvent {
  const parsed = parseUsageEvent({ id, model, timestamp, ...fields }, new Date("2026-11-30T00:00:00Z"));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

/** Everything a sweep may change, exact, in a stable order. */
async function snapshot() {
  const events = await pool.query<{
    event_id: string;
    model_id: string;
    requested_model: string | null;
    status: string;
    amount: string | null;
    cost: string | null;
  }>(
    `SELECT event_id, model_id, requested_model, rating_status::text AS status, amount::text, cost::text
       FROM usage_events WHERE tenant_id = $1 ORDER BY event_id`,
    [tenantId],
  );
  const ledger = await pool.query<{ kind: string; total: string; entries: string }>(
    `SELECT kind::text, sum(amount)::text AS total, count(*)::text AS entries FROM ledger_entries
      WHERE tenant_id = $1 GROUP BY kind ORDER BY kind`,
    [tenantId],
  );
  const rollups = await pool.query<{ hour: Date; model_id: string; amount: string; cost: string }>(
    `SELECT hour, model_id, event_count::text, unrated_count::text, input_tokens::text, output_tokens::text,
            amount::text, cost::text
       FROM usage_rollups_hourly WHERE tenant_id = $1 ORDER BY hour, model_id`,
    [tenantId],
  );
  const counters = await pool.query<{ meter: string; quantity: string }>(
    "SELECT meter, quantity::text FROM usage_period_counters WHERE tenant_id = $1 ORDER BY meter",
    [tenantId],
  );
  const grant = await pool.query<{ remaining: string; from_ledger: string }>(
    `SELECT g.remaining::text,
            (g.amount - COALESCE((SELECT sum(l.amount) FROM ledger_entries l
                                   WHERE l.credit_grant_id = g.id AND l.kind IN ('credit_usage', 'credit_expiry')), 0))::text
              AS from_ledger
       FROM credit_grants g WHERE g.id = $1`,
    [grantId],
  );
  return {
    events: events.rows.map((row) => ({ ...row, amount: exact(row.amount), cost: exact(row.cost) })),
    ledger: Object.fromEntries(ledger.rows.map((row) => [row.kind, [exact(row.total), Number(row.entries)]])),
    rollups: rollups.rows.map((row) => ({ ...row, amount: exact(row.amount), cost: exact(row.cost) })),
    counters: Object.fromEntries(counters.rows.map((row) => [row.meter.split(":").at(-1), row.quantity])),
    grant: { remaining: exact(grant.rows[0]?.remaining), fromLedger: exact(grant.rows[0]?.from_ledger) },
  };
}

const rerated = () =>
  Promise.all(sweeps.metrics.map(async (metrics) => (await metrics.eventsRerated.get()).values[0]?.value ?? 0)).then(
    (values) => values.reduce((sum, value) => sum + value, 0),
  );

const rollup = (hour: string, model: string, fields: Record<string, string | null>) => ({
  hour: new Date(hour),
  model_id: model,
  ...fields,
});

describe("the rating sweep", () => {
  it("rates events stored unrated once their price appears, exactly as computed by hand", async () => {
    await usage.runJob([
      {
        tenantId,
        apiKeyId,
        events: [
          // 100k input × 2/1M = 0.2; 400k output in tier 1 (0 → 400k) at 10 = 4 → 4.2, all paid by credit.
          event("k1", KNOWN, "2026-11-20T10:00:00Z", { input_tokens: 100_000, output_tokens: 400_000 }),
          // Not in the catalog: no price → unrated.
          event("n1", "newco/alpha", "2026-11-20T11:00:00Z", { input_tokens: 200_000, output_tokens: 300_000 }),
          // A name the catalog does not know yet (an alias of newco/alpha later) → unrated under its own name.
          event("n2", "alpha-latest", "2026-11-20T11:30:00Z", { input_tokens: 50_000, output_tokens: 500_000 }),
        ],
      },
    ]);
    // 200k output, tier 1 (400k → 600k) at 10 = 2, paid by credit (10 − 4.2 − 2 = 3.8 left).
    await usage.runJob([
      { tenantId, apiKeyId, events: [event("k2", KNOWN, "2026-11-21T09:00:00Z", { output_tokens: 200_000 })] },
    ]);
    const before = await snapshot();
    expect(before.events.filter((row) => row.status === "unrated").map((row) => row.event_id)).toEqual(["n1", "n2"]);
    expect(before.counters).toEqual({ output: "600000" });
    expect(before.grant).toEqual({ remaining: "3.8", fromLedger: "3.8" });
    // A sweep while nothing is priced rates nothing.
    await sweeps.runSweeps([{ reason: "schedule" }]);
    expect(await snapshot()).toEqual(before);

    // The price appears: the model, with an alias and provider cost rates (input 1, output 4 per 1M).
    await createModel(
      db,
      {
        id: "newco/alpha",
        provider: "newco",
        displayName: "Alpha",
        aliases: ["alpha-latest"],
        costRates: { effectiveFrom: new Date("2026-01-01T00:00:00Z"), rates: { input: "1", output: "4" } },
      },
      SYSTEM,
    );
    await sweeps.runSweeps([{ reason: "price_change", tenantId }]);
    const after = await snapshot();

    // n1 (rated first, in timestamp order): 200k input × 1.2 = 0.24; 300k output in tier 1 (600k → 900k) = 3
    // → 3.24; provider cost 200k × 1 + 300k × 4 per 1M = 1.4.
    // n2: 50k input × 1.2 = 0.06; 500k output: 100k in tier 1 (900k → 1M) = 1, 400k in tier 2 at 5 = 2 → 3.06;
    // cost 0.05 + 2 = 2.05. It now resolves to newco/alpha through the alias.
    expect(after.events).toEqual([
      { event_id: "k1", model_id: KNOWN, requested_model: null, status: "rated", amount: "4.2", cost: null },
      { event_id: "k2", model_id: KNOWN, requested_model: null, status: "rated", amount: "2", cost: null },
      { event_id: "n1", model_id: "newco/alpha", requested_model: null, status: "rated", amount: "3.24", cost: "1.4" },
      {
        event_id: "n2",
        model_id: "newco/alpha",
        requested_model: "alpha-latest",
        status: "rated",
        amount: "3.06",
        cost: "2.05",
      },
    ]);
    // Charges 4.2 + 2 + 3.24 + 3.06 = 12.5; credit: 6.2 before, then the 3.8 left (3.24 to n1, 0.56 to n2).
    expect(after.ledger).toEqual({
      credit_grant: ["-10", 1],
      credit_usage: ["10", 3],
      // k1: input and output lines, k2: output; the sweep: input and output of (11:00, newco/alpha).
      usage_charge: ["12.5", 5],
    });
    expect(after.grant).toEqual({ remaining: "0", fromLedger: "0" });
    expect(after.counters).toEqual({ output: "1400000" });
    expect(after.rollups).toEqual([
      rollup("2026-11-20T10:00:00Z", KNOWN, {
        event_count: "1",
        unrated_count: "0",
        input_tokens: "100000",
        output_tokens: "400000",
        amount: "4.2",
        cost: "0",
      }),
      // n2's tokens and count left the row of the name it was sent under ...
      rollup("2026-11-20T11:00:00Z", "alpha-latest", {
        event_count: "0",
        unrated_count: "0",
        input_tokens: "0",
        output_tokens: "0",
        amount: "0",
        cost: "0",
      }),
      // ... for its catalog model's row, with n1: both rated, 3.24 + 3.06 = 6.3, cost 1.4 + 2.05 = 3.45.
      rollup("2026-11-20T11:00:00Z", "newco/alpha", {
        event_count: "2",
        unrated_count: "0",
        input_tokens: "250000",
        output_tokens: "800000",
        amount: "6.3",
        cost: "3.45",
      }),
      rollup("2026-11-21T09:00:00Z", KNOWN, {
        event_count: "1",
        unrated_count: "0",
        input_tokens: "0",
        output_tokens: "200000",
        amount: "2",
        cost: "0",
      }),
    ]);
    expect(await rerated()).toBe(2);

    // Again, then two at once (one on each worker): nothing changes.
    await sweeps.runSweeps([{ reason: "schedule" }]);
    expect(await snapshot()).toEqual(after);
    await sweeps.runSweeps([{ reason: "schedule" }, { reason: "price_change", tenantId }]);
    expect(await snapshot()).toEqual(after);
    expect(await rerated()).toBe(2);
  });

  it("rates each event once when sweeps race for the same rows, in small batches", async () => {
    // 30 events of a model the catalog does not know, over 3 hours; 10k input and 20k output each.
    const events = Array.from({ length: 30 }, (_, index) =>
      event(
        `b${index.toString().padStart(2, "0")}`,
        "newco/beta",
        `2026-11-22T${(10 + (index % 3)).toString()}:00:00Z`,
        {
          input_tokens: 10_000,
          output_tokens: 20_000,
        },
      ),
    );
    await usage.runJob([{ tenantId, apiKeyId, events }]);
    await createModel(
      db,
      {
        id: "newco/beta",
        provider: "newco",
        displayName: "Beta",
        costRates: { effectiveFrom: new Date("2026-01-01T00:00:00Z"), rates: { input: "2", output: "8" } },
      },
      SYSTEM,
    );
    const before = await snapshot();
    // Three sweeps at once over the same rows, 4 rows per batch: they skip each other's locked rows.
    const catalogs = [new CatalogCache(0), new CatalogCache(0), new CatalogCache(0)];
    const results = await Promise.all(
      catalogs.map((catalog) => rateUnratedEvents(pool, catalog, usage.limits, { tenantId, batchSize: 4 })),
    );
    expect(results.reduce((sum, result) => sum + result.rated, 0)).toBe(30);
    const after = await snapshot();
    // Each: 10k input × 2.4 = 0.024; 20k output past the first 1M (counter at 1.4M) at 5 = 0.1 → 0.124; cost
    // 0.02 + 0.16 = 0.18. 30 events: 3.72 charged, cost 5.4; no credit left to use.
    const beta = after.events.filter((row) => row.event_id.startsWith("b"));
    expect(new Set(beta.map((row) => `${row.status} ${String(row.amount)} ${String(row.cost)}`))).toEqual(
      new Set(["rated 0.124 0.18"]),
    );
    expect(after.ledger.usage_charge?.[0]).toBe(exact(money("12.5").plus("3.72").toFixed()));
    expect(after.ledger.credit_usage).toEqual(before.ledger.credit_usage);
    expect(after.counters).toEqual({ output: "2000000" });
    expect(after.rollups.filter((row) => row.model_id === "newco/beta")).toEqual(
      ["10", "11", "12"].map((hour) =>
        rollup(`2026-11-22T${hour}:00:00Z`, "newco/beta", {
          event_count: "10",
          unrated_count: "0",
          input_tokens: "100000",
          output_tokens: "200000",
          amount: "1.24",
          cost: "1.8",
        }),
      ),
    );
  });
});
