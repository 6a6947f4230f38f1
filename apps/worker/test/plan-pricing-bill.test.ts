import { randomUUID } from "node:crypto";
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
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * The acceptance test: events through the real worker (BullMQ consumer, real Postgres and Redis) against a
 * plan with a tier, an allowance, conditional rules, an override and credits; the ledger must equal a bill computed
 * by hand, to the last decimal. Every number below is worked out in the comments.
 */
const MODEL = "acme/opus";
const PRICING: PlanPricingInput = {
  rules: [
    { kind: "long_context", prompt_tokens_above: 200_000 },
    { kind: "request_fee", amount: "0.002", models: ["acme/*"] },
  ],
  allowances: [{ kind: "tokens", id: "free-input", tokens: "300000", models: [MODEL], token_types: ["input"] }],
  tiers: [
    {
      id: "output",
      token_types: ["output"],
      schedule: {
        mode: "graduated",
        tiers: [
          { up_to: "2000000", price_per_million: "30" },
          { up_to: null, price_per_million: "24" },
        ],
      },
    },
  ],
  minimum_commitment: "50",
};

let database: TestDatabase;
let pool: pg.Pool;
let harness: UsageWorkerHarness;
const tenantId = randomUUID();
const apiKeyId = randomUUID();
const promoGrant = randomUUID();
const paidGrant = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  harness = startUsageWorkerHarness(pool);
  const versionId = randomUUID();
  const planId = randomUUID();
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', 'Opus', now())", [
    MODEL,
  ]);
  await pool.query(
    `INSERT INTO model_cost_rates (model_id, token_type, effective_from, price_per_million)
     VALUES ($1, 'input', '2026-01-01Z', 5), ($1, 'cached_input', '2026-01-01Z', 0.5), ($1, 'output', '2026-01-01Z', 25)`,
    [MODEL],
  );
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, 'bill', 'Bill Inc')", [tenantId]);
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, 'pro', 'Pro')", [planId]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
     VALUES ($1, $2, 1, 'published', 'USD', '2026-01-01Z', now(), $3)`,
    [versionId, planId, JSON.stringify(PRICING)],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million) VALUES
       ($1, $2, 'input', '', 6), ($1, $2, 'cached_input', '', 0.6), ($1, $2, 'output', '', 30),
       ($1, $2, 'input', 'long_context', 12), ($1, $2, 'output', 'long_context', 45)`,
    [versionId, MODEL],
  );
  await pool.query(
    "INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2026-11-01Z')",
    [randomUUID(), tenantId, versionId],
  );
  await pool.query(
    `INSERT INTO tenant_price_overrides (id, tenant_id, starts_at, discount_percent, reason)
     VALUES ($1, $2, '2026-11-10Z', 10, 'loyalty discount')`,
    [randomUUID(), tenantId],
  );
  await pool.query(
    `INSERT INTO credit_grants (id, tenant_id, kind, amount, remaining, currency, priority, reason, granted_at, expires_at)
     VALUES ($1, $3, 'promotional', 5, 5, 'USD', 0, 'welcome', '2026-11-01Z', '2026-12-01Z'),
            ($2, $3, 'paid', 100, 100, 'USD', 1, 'top-up', '2026-11-01Z', NULL)`,
    [promoGrant, paidGrant, tenantId],
  );
  await pool.query(
    // As createCreditGrant writes them: −amount, in the tenant's favour.
    `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, occurred_at, idempotency_key, credit_grant_id)
     VALUES ($1, 'credit_grant', -5, 'USD', '2026-11-01Z', 'credit_grant:' || $2, $2::uuid),
            ($1, 'credit_grant', -100, 'USD', '2026-11-01Z', 'credit_grant:' || $3, $3::uuid)`,
    [tenantId, promoGrant, paidGrant],
  );
});

afterAll(async () => {
  await harness.close();
  await pool.end();
  await database.drop();
});

/** A NUMERIC as text, trailing zeros trimmed: comparisons stay exact (never through a float). */
const exact = (value: string | null | undefined) => (value == null ? null : toDecimalString(money(value)));

function event(id: string, timestamp: string, fields: Record<string, number | string>): QueuedUsageEvent {
  const parsed = parseUsageEvent({ id, model: MODEL, timestamp, ...fields }, new Date("2026-11-25T00:00:00Z"));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

const e1 = event("e1", "2026-11-05T10:00:00Z", { input_tokens: 150_000, output_tokens: 500_000 });
const e2 = event("e2", "2026-11-06T10:00:00Z", { input_tokens: 190_000, output_tokens: 1_000_000 });
const e3 = event("e3", "2026-11-12T09:00:00Z", {
  input_tokens: 250_000,
  cached_input_tokens: 10_000,
  output_tokens: 800_000,
});
const e4 = event("e4", "2026-11-20T12:00:00Z", { input_tokens: 1000, output_tokens: 100_000 });
const e5 = event("e5", "2026-11-21T12:00:00Z", { model: "acme/mystery", input_tokens: 10 });

describe("a plan with tiers, an allowance, rules, an override and credits", () => {
  it("bills exactly the hand-computed amounts, whatever the jobs and duplicates", async () => {
    // Three jobs, with duplicates of earlier events; within a job, events are priced in timestamp order.
    await harness.runJob([{ tenantId, apiKeyId, events: [e2, e1] }]);
    await harness.runJob([{ tenantId, apiKeyId, events: [e3, e2] }]);
    await harness.runJob([{ tenantId, apiKeyId, events: [e4, e5, e1] }]);

    const amounts = await pool.query<{ event_id: string; amount: string | null; cost: string | null; rule: string }>(
      `SELECT event_id, amount::text, cost::text, pricing_rule AS rule FROM usage_events ORDER BY event_id`,
    );
    expect(amounts.rows.map((row) => [row.event_id, exact(row.amount), row.rule])).toEqual([
      // e1 (Nov 5, before the discount): 150k input all free (allowance 300k); 500k output in tier 1 at 30 = 15;
      // fee 0.002 → 15.002
      ["e1", "15.002", "allowance:free-input+tier:output+request_fee"],
      // e2: 150k input free, 40k × 6/1M = 0.24; 1M output (500k → 1.5M) at 30 = 30; fee → 30.242
      ["e2", "30.242", "allowance:free-input+tier:output+request_fee"],
      // e3 (Nov 12, prompt 260k > 200k: long context; 10 % discount): 250k input × 12 = 3; 10k cached at the
      // base 0.6 (no long-context cached rate) = 0.006; output is tiered (1.5M → 2.3M): 500k × 30 + 300k × 24 =
      // 22.2; fee 0.002 → 25.208 × 0.9 = 22.6872
      ["e3", "22.6872", "long_context+tier:output+request_fee+discount"],
      // e4: 1k input × 6 = 0.006; 100k output at 24 = 2.4; fee → 2.408 × 0.9 = 2.1672
      ["e4", "2.1672", "tier:output+request_fee+discount"],
      // e5: a model the plan does not price → unrated, never zero
      ["e5", null, null],
    ]);
    // Provider cost at the catalog's rates: e1 = 150k × 5/1M + 500k × 25/1M = 13.25
    expect(exact(amounts.rows[0]?.cost)).toBe("13.25");

    const ledger = await pool.query<{ kind: string; total: string; entries: string }>(
      `SELECT kind, sum(amount)::text AS total, count(*)::text AS entries FROM ledger_entries
        WHERE tenant_id = $1 GROUP BY kind ORDER BY kind`,
      [tenantId],
    );
    // Charges 15.002 + 30.242 + 22.6872 + 2.1672 = 70.0984, all paid by credits: the 5 promotional first
    // (priority 0), the rest from the paid grant. Credit usage carries the amount taken from the grants.
    expect(Object.fromEntries(ledger.rows.map((row) => [row.kind, exact(row.total)]))).toEqual({
      credit_grant: "-105",
      credit_usage: "70.0984",
      usage_charge: "70.0984",
    });
    const grants = await pool.query<{ id: string; remaining: string; from_ledger: string }>(
      `SELECT g.id, g.remaining::text,
              (g.amount - (SELECT COALESCE(sum(amount), 0) FROM ledger_entries l
                            WHERE l.credit_grant_id = g.id AND l.kind IN ('credit_usage', 'credit_expiry')))::text
                AS from_ledger
         FROM credit_grants g ORDER BY g.priority`,
    );
    expect(grants.rows.map((g) => [g.id, exact(g.remaining), exact(g.from_ledger)])).toEqual([
      [promoGrant, "0", "0"],
      [paidGrant, "34.9016", "34.9016"],
    ]);

    const rollups = await pool.query<{ amount: string; cost: string; events: string; unrated: string }>(
      `SELECT sum(amount)::text AS amount, sum(cost)::text AS cost, sum(event_count)::text AS events,
              sum(unrated_count)::text AS unrated FROM usage_rollups_hourly WHERE tenant_id = $1`,
      [tenantId],
    );
    expect(exact(rollups.rows[0]?.amount)).toBe("70.0984");
    expect(rollups.rows[0]).toMatchObject({ events: "5", unrated: "1" });

    const counters = await pool.query<{ meter: string; quantity: string }>(
      "SELECT meter, quantity::text FROM usage_period_counters WHERE tenant_id = $1 ORDER BY meter",
      [tenantId],
    );
    expect(counters.rows.map((row) => [row.meter.split(":").slice(1).join(":"), row.quantity])).toEqual([
      ["allowance:free-input", "591000"],
      ["tier:output", "2400000"],
    ]);
  });
});
