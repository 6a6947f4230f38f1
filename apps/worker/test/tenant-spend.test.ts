import { randomUUID } from "node:crypto";
import { createDbClient, Prisma, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { parseUsageEvent, type QueuedUsageEvent } from "@tollgate/domain";
import { createRedis, createSpendLimits } from "@tollgate/queues";
import { listTenantOverview, type TenantOverviewQuery } from "@tollgate/use-cases/tenants";
import type { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainAggregateOutbox } from "../src/jobs/deferred-aggregates.ts";
import { rateUnratedEvents } from "../src/jobs/re-rate-unrated.ts";
import { recordUsageJob } from "../src/jobs/record-usage.ts";
import { CatalogCache } from "../src/store/catalog-cache.ts";

/**
 * tenant_period_spend, the tenant list's per-tenant spend, is fed by the ledger trigger through aggregate_outbox
 * (kind tenant_spend) and applied by the drain. Over tenants with several billing anchors, USD and EUR plans, late
 * usage in a finalized period, events rated later by the sweep and hand-written adjustments, the list sorted by
 * spend must equal the per-tenant reading of ledger_period_totals (the list's query before) before the drain (rows
 * pending), after it, and after drains that race or fail; and the table must then equal ledger_period_totals.
 */
const KNOWN = "acme/known";
const LATER = "acme/later";
const NOW = new Date("2026-12-06T12:00:00Z");
const ANCHORS = [1, 5, 6, 20, 28];
let database: TestDatabase;
let pool: pg.Pool;
let db: Db;
let redis: Redis;
const tenants: { id: string; currency: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 6 });
  db = createDbClient(database.url, { maxConnections: 2 });
  redis = createRedis("redis://127.0.0.1:6379", "producer");
  await pool.query(
    "INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', 'Known', now()), ($2, 'acme', 'Later', now())",
    [KNOWN, LATER],
  );
  const planId = randomUUID();
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, 'std', 'Standard')", [planId]);
  const versions: Record<string, string> = { USD: randomUUID(), EUR: randomUUID() };
  for (const [index, [currency, id]] of Object.entries(versions).entries()) {
    await pool.query(
      `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
       VALUES ($1, $2, $3, 'published', $4, '2026-01-01Z', now(), '{}')`,
      [id, planId, index + 1, currency],
    );
    // The LATER model has no price yet: its events are stored unrated until the sweep.
    await pool.query(
      `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
       VALUES ($1, $2, 'input', '', 2.13), ($1, $2, 'output', '', 10.7)`,
      [id, KNOWN],
    );
  }
  for (let n = 0; n < 12; n += 1) {
    const id = randomUUID();
    const currency = n % 3 === 2 ? "EUR" : "USD";
    await pool.query("INSERT INTO tenants (id, slug, name, billing_anchor_day) VALUES ($1, $2, $3, $4)", [
      id,
      `spend-${n.toString()}`,
      `Spend ${n.toString()}`,
      ANCHORS[n % ANCHORS.length],
    ]);
    // One tenant in ten without a plan (billed in USD).
    if (n !== 11) {
      await pool.query(
        "INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2026-01-01Z')",
        [randomUUID(), id, versions[currency]],
      );
    }
    tenants.push({ id, currency });
  }
});

afterAll(async () => {
  redis.disconnect();
  await db.$disconnect();
  await pool.end();
  await database.drop();
});

/** Events of both models over the last 16 days (the current and previous period of every anchor). */
function usageEvents(prefix: string, count: number, model: string): QueuedUsageEvent[] {
  return Array.from({ length: count }, (_, index) => {
    const parsed = parseUsageEvent(
      {
        id: `${prefix}-${index.toString()}`,
        model,
        timestamp: new Date(NOW.getTime() - ((index * 37) % 16) * 86_400_000 - index * 60_000).toISOString(),
        input_tokens: 1_000 + index * 7,
        output_tokens: 333 + index,
      },
      NOW,
    );
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.event;
  });
}

async function record(tenantIndex: number, prefix: string, count: number, model = KNOWN): Promise<void> {
  const tenantId = tenants[tenantIndex]?.id ?? "";
  await recordUsageJob(
    pool,
    {
      receivedAt: NOW.toISOString(),
      batches: [{ tenantId, apiKeyId: null, events: usageEvents(`${prefix}-${tenantIndex.toString()}`, count, model) }],
    },
    { catalog: new CatalogCache(0) },
  );
}

async function count(sql: string): Promise<number> {
  const { rows } = await pool.query<{ count: string }>(sql);
  return Number(rows[0]?.count);
}

const pendingSpendRows = () => count("SELECT count(*) FROM aggregate_outbox WHERE kind = 'tenant_spend'");

/** tenant_period_spend rows that differ from ledger_period_totals' usage charges billed in their own period. */
const spendMismatches = () =>
  count(`WITH l AS (
      SELECT tenant_id, billed_period_start AS period_start, currency, sum(amount) AS amount
        FROM ledger_period_totals WHERE kind = 'usage_charge' AND billed_period_start = origin_period_start
       GROUP BY 1, 2, 3)
    SELECT count(*) FROM l FULL JOIN tenant_period_spend s USING (tenant_id, period_start, currency)
     WHERE l.amount IS DISTINCT FROM s.amount`);

/** The spend order as the list read it before: each tenant's plan and period totals looked up one by one. */
async function oracle(): Promise<[string, string][]> {
  const rows = await db.$queryRaw<{ id: string; spend: string }[]>`
    SELECT t.id::text AS id, coalesce(cur.amount, 0)::text AS spend
      FROM tenants t
      LEFT JOIN LATERAL (
        SELECT trim(v.currency) AS currency
          FROM subscriptions s JOIN plan_versions v ON v.id = s.plan_version_id
         WHERE s.tenant_id = t.id AND s.starts_at <= ${NOW} AND (s.ends_at IS NULL OR s.ends_at > ${NOW})
         ORDER BY s.starts_at DESC LIMIT 1
      ) plan ON TRUE
      LEFT JOIN LATERAL (
        SELECT sum(l.amount) AS amount
          FROM ledger_period_totals l
         WHERE l.tenant_id = t.id AND l.billed_period_start = billing_period_start(${NOW}, t.billing_anchor_day)
           AND l.origin_period_start = billing_period_start(${NOW}, t.billing_anchor_day)
           AND l.kind = 'usage_charge' AND trim(l.currency) = coalesce(plan.currency, 'USD')
      ) cur ON TRUE
     ORDER BY coalesce(cur.amount, 0) DESC, t.id`;
  return rows.map((row) => [row.id, new Prisma.Decimal(row.spend).toFixed()]);
}

async function listed(limit: number): Promise<[string, string][]> {
  const rows: [string, string][] = [];
  let after: TenantOverviewQuery["after"] = null;
  do {
    const page = await listTenantOverview(db, { sort: "spend", after, limit, now: NOW });
    rows.push(...page.tenants.map((row): [string, string] => [row.id, row.spend]));
    after = page.next;
  } while (after !== null);
  return rows;
}

async function expectListEqualsOracle(): Promise<void> {
  const expected = await oracle();
  expect(expected.filter(([, spend]) => spend !== "0").length).toBeGreaterThan(6);
  expect(await listed(5)).toEqual(expected);
}

describe("tenant spend through the aggregate outbox", () => {
  it("reads exact spend while the ledger trigger's rows wait in the outbox, and after the drain applies them", async () => {
    for (let n = 0; n < tenants.length; n += 1) await record(n, "first", 4 + n * 3);
    expect(await pendingSpendRows()).toBeGreaterThan(0);
    expect(await count("SELECT count(*) FROM tenant_period_spend")).toBe(0);
    await expectListEqualsOracle();

    await drainAggregateOutbox(pool, 60_000);
    expect(await pendingSpendRows()).toBe(0);
    expect(await spendMismatches()).toBe(0);
    await expectListEqualsOracle();
  });

  it("stays exact through late usage in a finalized period, the sweep's rating, adjustments and other kinds", async () => {
    // Tenant 0's previous period is finalized: its late usage is billed on the current period, not its spend.
    const first = tenants[0]?.id ?? "";
    await pool.query(
      "UPDATE tenants SET billed_through = billing_period_start($2::timestamptz, billing_anchor_day) WHERE id = $1",
      [first, NOW],
    );
    await record(0, "late", 20);
    // Events of a model without a price are stored unrated, then rated by the sweep once it has one.
    for (const n of [1, 2, 5]) await record(n, "unrated", 6, LATER);
    const before = await oracle();
    for (const currency of ["USD", "EUR"]) {
      await pool.query(
        `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
         SELECT v.id, $1, t.type::token_type, '', 3.3 FROM plan_versions v, unnest(ARRAY['input', 'output']) t(type)
          WHERE v.currency = $2`,
        [LATER, currency],
      );
    }
    const swept = await rateUnratedEvents(
      pool,
      new CatalogCache(0),
      createSpendLimits(redis, `{tg-spend-${randomUUID()}}`),
    );
    expect(swept.rated).toBe(18);
    // Hand-written entries: a usage correction (negative), an adjustment and credit usage (not spend).
    for (const [kind, amount] of [
      ["usage_charge", "-0.000000000000000000000000000001"],
      ["adjustment", "-5"],
      ["credit_usage", "-1"],
    ] as const) {
      await pool.query(
        `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
           idempotency_key, description)
         VALUES ($1, $2::ledger_entry_kind, $3::numeric, $4, $5, 'output', 1, $6, $7, 'correction')`,
        [tenants[2]?.id, kind, amount, tenants[2]?.currency, KNOWN, NOW, `hand-${kind}`],
      );
    }
    expect(await oracle()).not.toEqual(before);
    expect(await pendingSpendRows()).toBeGreaterThan(0);
    await expectListEqualsOracle();

    await drainAggregateOutbox(pool, 60_000);
    expect(await spendMismatches()).toBe(0);
    await expectListEqualsOracle();
  });

  it("applies each outbox row once: a failed drain applies nothing, racing drains apply every row once", async () => {
    for (let n = 0; n < tenants.length; n += 1) await record(n, "race", 5);
    const pending = await pendingSpendRows();
    // One row per job with usage charges: every tenant's but the one without a plan (its events stay unrated).
    expect(pending).toBe(tenants.length - 1);

    // The apply fails after its upsert statement began (the outbox row's delete raises): rolled back as a whole.
    await pool.query(`CREATE FUNCTION fail_spend_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'drain stopped'; END $$`);
    await pool.query(
      "CREATE TRIGGER fail_spend_apply BEFORE DELETE ON aggregate_outbox FOR EACH ROW EXECUTE FUNCTION fail_spend_apply()",
    );
    await expect(drainAggregateOutbox(pool, 60_000)).rejects.toThrow(/drain stopped/);
    await pool.query("DROP TRIGGER fail_spend_apply ON aggregate_outbox");
    expect(await pendingSpendRows()).toBe(pending);
    expect(await spendMismatches()).toBeGreaterThan(0);
    await expectListEqualsOracle();

    await Promise.all([drainAggregateOutbox(pool, 60_000), drainAggregateOutbox(pool, 60_000)]);
    expect(await pendingSpendRows()).toBe(0);
    expect(await spendMismatches()).toBe(0);
    await expectListEqualsOracle();
    // Nothing left: a further drain changes nothing.
    await drainAggregateOutbox(pool, 0);
    expect(await spendMismatches()).toBe(0);
  });
});
