import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { type Principal } from "@tollgate/use-cases/access";
import { createBudget } from "@tollgate/use-cases/budgets";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { billingPeriodStart, money, parseUsageEvent, toDecimalString, type QueuedUsageEvent } from "@tollgate/domain";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogCache } from "../src/store/catalog-cache.ts";
import { rateUnratedEvents } from "../src/jobs/re-rate-unrated.ts";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * Budgets through the real worker: spend counters per budget (tenant, API key, customer), threshold alerts once,
 * low-credit alerts, and hard-limit holds in Redis settled by the events that name them.
 */
const OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "tg_ops" };
const MODEL = "acme/opus";
const NOW = new Date();
const PERIOD = billingPeriodStart(NOW);
const budgetState = (budgetId: string) => ({ kind: "budget" as const, budgetId, periodStart: PERIOD });

let database: TestDatabase;
let pool: pg.Pool;
let db: Db;
let harness: UsageWorkerHarness;
const tenantId = randomUUID();
const apiKeyId = randomUUID();
const budgets = { tenant: "", key: "", customer: "" };
let planVersionId = "";

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 6 });
  db = createDbClient(database.url, { maxConnections: 2 });
  harness = startUsageWorkerHarness(pool);
  const planId = randomUUID();
  const versionId = randomUUID();
  planVersionId = versionId;
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', 'Opus', now())", [
    MODEL,
  ]);
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, 'budgets', 'Budgets Inc')", [tenantId]);
  await pool.query(
    `INSERT INTO api_keys (id, tenant_id, name, prefix, secret_hash, scopes)
     VALUES ($1, $2, 'k', 'tg_budgetk', 'x', '{ingest}')`,
    [apiKeyId, tenantId],
  );
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, 'pro', 'Pro')", [planId]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
     VALUES ($1, $2, 1, 'published', 'USD', '2026-01-01Z', now(), '{}')`,
    [versionId, planId],
  );
  // 10 per 1M input, 30 per 1M output: 100k input + 100k output = 1 + 3 = $4 an event.
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $2, 'input', '', 10), ($1, $2, 'output', '', 30)`,
    [versionId, MODEL],
  );
  await pool.query(
    "INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2026-01-01Z')",
    [randomUUID(), tenantId, versionId],
  );
  const set = (scope: "tenant" | "api_key" | "customer", scopeRef: string, amount: string) =>
    createBudget(db, tenantId, { scope, scopeRef, amount, currency: "USD", hardLimit: true }, { actor: OPERATOR });
  budgets.tenant = (await set("tenant", "", "40")).id;
  budgets.key = (await set("api_key", apiKeyId, "10")).id;
  budgets.customer = (await set("customer", "cust-a", "100")).id;
});

afterAll(async () => {
  await harness.close();
  await db.$disconnect();
  await pool.end();
  await database.drop();
});

function event(id: string, extra: Record<string, string> = {}): QueuedUsageEvent {
  const parsed = parseUsageEvent(
    { id, model: MODEL, timestamp: NOW.toISOString(), input_tokens: 100_000, output_tokens: 100_000, ...extra },
    new Date(NOW.getTime() + 1000),
  );
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

async function counter(budgetId: string): Promise<string> {
  const rows = await pool.query<{ amount: string }>(
    "SELECT amount::text FROM usage_period_counters WHERE tenant_id = $1 AND period_start = $2 AND meter = $3",
    [tenantId, PERIOD, `budget:${budgetId}`],
  );
  return toDecimalString(money(rows.rows[0]?.amount ?? "0"));
}

async function alerts() {
  const rows = await pool.query<{ kind: string; dedupe_key: string; payload: { spent?: string } }>(
    "SELECT kind, dedupe_key, payload FROM alerts WHERE tenant_id = $1 ORDER BY id",
    [tenantId],
  );
  return rows.rows.map(
    (row) => `${row.kind} ${row.dedupe_key.split(":").slice(0, 2).join(":")}:${row.dedupe_key.split(":").at(-1) ?? ""}`,
  );
}

describe("budgets in the worker", () => {
  it("counts each budget's spend once, raises each threshold once, and settles the holds in Redis", async () => {
    const reserve = (reservationId: string, budgetId: string, hold: bigint) =>
      harness.limits.reserve({
        tenantId,
        reservationId,
        holdMicro: hold,
        now: NOW,
        expiresAt: new Date(NOW.getTime() + 600_000),
        targets: [{ state: budgetState(budgetId), limitMicro: 40_000_000n, hard: true, spentMicro: 0n }],
      });
    expect(await reserve("resv-1", budgets.tenant, 5_000_000n)).toEqual({ held: true });
    expect(await reserve("resv-2", budgets.tenant, 5_000_000n)).toEqual({ held: true });
    expect(await harness.limits.state(budgetState(budgets.tenant))).toEqual({ spentMicro: 0n, heldMicro: 10_000_000n });

    // Job 1: three $4 events, two through the key (its $10 budget: 80 %), one for customer cust-a; one settles resv-1.
    const job1 = [
      { tenantId, apiKeyId, events: [event("a1", { reservation_id: "resv-1" }), event("a2", { customer: "cust-a" })] },
      { tenantId, apiKeyId: null, events: [event("a3")] },
    ];
    await harness.runJob(job1);
    expect([await counter(budgets.tenant), await counter(budgets.key), await counter(budgets.customer)]).toEqual([
      "12",
      "8",
      "4",
    ]);
    // resv-1 released; spend 12 pushed; resv-2 still held.
    expect(await harness.limits.state(budgetState(budgets.tenant))).toEqual({
      spentMicro: 12_000_000n,
      heldMicro: 5_000_000n,
    });
    expect(await alerts()).toEqual([
      "budget.threshold_crossed budget:" + budgets.key + ":" + "50",
      "budget.threshold_crossed budget:" + budgets.key + ":80",
    ]);

    // The same job again (a retry or a duplicate): nothing changes; resv-2 is settled by a later event.
    await harness.runJob([...job1].reverse());
    await harness.runJob([{ tenantId, apiKeyId, events: [event("a4", { reservation_id: "resv-2" }), event("a1")] }]);
    // Tenant 16 (40 %), key 12 (120 %: 100 reached), customer 4.
    expect([await counter(budgets.tenant), await counter(budgets.key), await counter(budgets.customer)]).toEqual([
      "16",
      "12",
      "4",
    ]);
    expect(await harness.limits.state(budgetState(budgets.tenant))).toEqual({ spentMicro: 16_000_000n, heldMicro: 0n });
    expect(await alerts()).toEqual([
      `budget.threshold_crossed budget:${budgets.key}:50`,
      `budget.threshold_crossed budget:${budgets.key}:80`,
      `budget.threshold_crossed budget:${budgets.key}:100`,
    ]);

    // Counters equal the rated usage they cover, and the ledger.
    const usage = await pool.query<{ total: string; key_total: string }>(
      `SELECT sum(amount)::text AS total, sum(amount) FILTER (WHERE api_key_id = $2)::text AS key_total
         FROM usage_events WHERE tenant_id = $1`,
      [tenantId, apiKeyId],
    );
    const ledger = await pool.query<{ total: string }>(
      "SELECT sum(amount)::text AS total FROM ledger_entries WHERE tenant_id = $1 AND kind = 'usage_charge'",
      [tenantId],
    );
    expect(toDecimalString(money(usage.rows[0]?.total ?? "0"))).toBe("16");
    expect(toDecimalString(money(usage.rows[0]?.key_total ?? "0"))).toBe("12");
    expect(toDecimalString(money(ledger.rows[0]?.total ?? "0"))).toBe("16");
  });

  it("keeps counters exact under concurrent jobs of one tenant", async () => {
    const jobs = Array.from({ length: 8 }, (_, j) => [
      {
        tenantId,
        apiKeyId: null,
        events: Array.from({ length: 5 }, (_, i) => event(`c${j.toString()}-${i.toString()}`)),
      },
    ]);
    await Promise.all(jobs.map((groups) => harness.runJob(groups)));
    // 16 + 40 events × $4 = 176
    expect(await counter(budgets.tenant)).toBe("176");
    expect((await harness.limits.state(budgetState(budgets.tenant)))?.spentMicro).toBe(176_000_000n);
    expect((await alerts()).filter((a) => a.includes(budgets.tenant))).toEqual([
      `budget.threshold_crossed budget:${budgets.tenant}:50`,
      `budget.threshold_crossed budget:${budgets.tenant}:80`,
      `budget.threshold_crossed budget:${budgets.tenant}:100`,
    ]);
  });

  it("counts a new budget from what the period already holds (nothing) and refuses a second one for a scope", async () => {
    const late = await createBudget(
      db,
      tenantId,
      { scope: "customer", scopeRef: "cust-b", amount: "8", currency: "USD", thresholds: [25, 50, 75] },
      { actor: OPERATOR },
    );
    expect(await counter(late.id)).toBe("0");
    await harness.runJob([{ tenantId, apiKeyId: null, events: [event("b1", { customer: "cust-b" })] }]);
    expect(await counter(late.id)).toBe("4");
    const again = await createBudget(
      db,
      tenantId,
      { scope: "customer", scopeRef: "cust-a", amount: "1", currency: "EUR" },
      { actor: OPERATOR },
    ).catch((error: unknown) => error);
    // cust-a already has a budget: refused, nothing changed.
    expect(again).toMatchObject({ code: "conflict" });
    const fresh = await createBudget(
      db,
      tenantId,
      { scope: "customer", scopeRef: "cust-b-late", amount: "1", currency: "USD" },
      { actor: OPERATOR },
    );
    await harness.runJob([{ tenantId, apiKeyId: null, events: [event("b2", { customer: "cust-b-late" })] }]);
    expect(await counter(fresh.id)).toBe("4");
    const early = await pool.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM alerts WHERE tenant_id = $1 AND dedupe_key LIKE $2",
      [tenantId, `budget:${late.id}:%`],
    );
    expect(early.rows[0]?.n).toBe("2");
  });

  it("counts spend already in Postgres when a budget is created mid-period", async () => {
    // Usage for cust-h is recorded before anyone sets a budget for it.
    await harness.runJob([
      { tenantId, apiKeyId: null, events: [event("h1", { customer: "cust-h" }), event("h2", { customer: "cust-h" })] },
    ]);
    const budget = await createBudget(
      db,
      tenantId,
      { scope: "customer", scopeRef: "cust-h", amount: "10", currency: "USD", thresholds: [50, 80] },
      { actor: OPERATOR },
    );
    expect(await counter(budget.id)).toBe("8");
    const raised = await pool.query<{ dedupe_key: string; payload: { spent: string } }>(
      "SELECT dedupe_key, payload FROM alerts WHERE tenant_id = $1 AND dedupe_key LIKE $2 ORDER BY id",
      [tenantId, `budget:${budget.id}:%`],
    );
    expect(raised.rows.map((row) => [row.dedupe_key.split(":").at(-1), row.payload.spent])).toEqual([
      ["50", "8"],
      ["80", "8"],
    ]);
  });

  it("misses no usage when a budget is created while jobs for its scope are being recorded", async () => {
    const jobs = Array.from({ length: 30 }, (_, j) => [
      {
        tenantId,
        apiKeyId: null,
        events: Array.from({ length: 3 }, (_, i) =>
          event(`race${j.toString()}-${i.toString()}`, { customer: "cust-race" }),
        ),
      },
    ]);
    const running = jobs.map((groups) => harness.runJob(groups));
    await new Promise((resolve) => setTimeout(resolve, 15));
    const budget = await createBudget(
      db,
      tenantId,
      { scope: "customer", scopeRef: "cust-race", amount: "1000", currency: "USD" },
      { actor: OPERATOR },
    );
    await Promise.all(running);
    // 90 events × $4, whether each was recorded before the budget (and counted by its creation) or after.
    expect(await counter(budget.id)).toBe("360");
  });

  it("adds charges the rating sweep makes later to the budgets, in Postgres and in Redis", async () => {
    const budget = await createBudget(
      db,
      tenantId,
      { scope: "customer", scopeRef: "cust-sweep", amount: "10", currency: "USD", thresholds: [50], hardLimit: true },
      { actor: OPERATOR },
    );
    await harness.limits.reserve({
      tenantId,
      reservationId: "resv-sweep",
      holdMicro: 1n,
      now: NOW,
      expiresAt: new Date(NOW.getTime() + 600_000),
      targets: [{ state: budgetState(budget.id), limitMicro: 10_000_000n, hard: true, spentMicro: 0n }],
    });
    // A model the plan has no price for yet: stored unrated, the budget untouched.
    await pool.query(
      "INSERT INTO models (id, provider, display_name, updated_at) VALUES ('acme/new', 'acme', 'New', now())",
    );
    await harness.runJob([
      { tenantId, apiKeyId: null, events: [event("s1", { customer: "cust-sweep", model: "acme/new" })] },
    ]);
    expect(await counter(budget.id)).toBe("0");
    await pool.query(
      `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
       VALUES ($1, 'acme/new', 'input', '', 20), ($1, 'acme/new', 'output', '', 40)`,
      [planVersionId],
    );
    const swept = await rateUnratedEvents(pool, new CatalogCache(0), harness.limits, { tenantId });
    expect(swept.rated).toBe(1);
    // 100k × 20/1M + 100k × 40/1M = 6: past 50 % of 10.
    expect(await counter(budget.id)).toBe("6");
    expect(await harness.limits.state(budgetState(budget.id))).toEqual({ spentMicro: 6_000_000n, heldMicro: 1n });
    const raised = await pool.query("SELECT 1 FROM alerts WHERE tenant_id = $1 AND dedupe_key LIKE $2", [
      tenantId,
      `budget:${budget.id}:%`,
    ]);
    expect(raised.rowCount).toBe(1);
    // Swept again: nothing left to rate, nothing added.
    expect((await rateUnratedEvents(pool, new CatalogCache(0), harness.limits, { tenantId })).rated).toBe(0);
    expect(await counter(budget.id)).toBe("6");
  });

  it("raises a low-credit alert once when credit falls to 10 % of what was granted", async () => {
    const grantId = randomUUID();
    await pool.query(
      `INSERT INTO credit_grants (id, tenant_id, kind, amount, remaining, currency, priority, reason, granted_at)
       VALUES ($1, $2, 'paid', 9, 9, 'USD', 0, 'top-up', $3)`,
      // Granted before the events happened: credit pays only for usage after its grant.
      [grantId, tenantId, new Date(NOW.getTime() - 60_000)],
    );
    await harness.runJob([{ tenantId, apiKeyId: null, events: [event("cr1"), event("cr2")] }]);
    // 9 − 8 = 1 left: above 0.9, no alert.
    const kinds = async () =>
      (
        await pool.query<{ kind: string }>(
          "SELECT kind FROM alerts WHERE tenant_id = $1 AND kind LIKE 'credit.%' ORDER BY id",
          [tenantId],
        )
      ).rows.map((r) => r.kind);
    expect(await kinds()).toEqual([]);
    await harness.runJob([{ tenantId, apiKeyId: null, events: [event("cr3")] }]);
    expect(await kinds()).toEqual(["credit.low", "credit.exhausted"]);
    await harness.runJob([{ tenantId, apiKeyId: null, events: [event("cr4")] }]);
    expect(await kinds()).toEqual(["credit.low", "credit.exhausted"]);
  });
});
