import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { money, parseUsageEvent } from "@tollgate/domain";
import { refreshAnalyticsRollups } from "@tollgate/use-cases/analytics";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * The analytics refresh over usage the real worker recorded for three tenants (two currencies, one model without a
 * price): the cross-tenant rows equal the per-tenant daily rows summed, a re-run changes nothing, and a late event
 * on an old day is picked up by the next refresh.
 */
const PRICED = "acme/priced";
const UNPRICED = "acme/unpriced";

let database: TestDatabase;
let pool: pg.Pool;
let db: Db;
let usage: UsageWorkerHarness;
const usdTenants = [randomUUID(), randomUUID()];
const eurTenant = randomUUID();

async function plan(currency: string): Promise<string> {
  const planId = randomUUID();
  const versionId = randomUUID();
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, $2, $2)", [planId, `plan-${currency}`]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at)
     VALUES ($1, $2, 1, 'published', $3, '2026-01-01Z', now())`,
    [versionId, planId, currency],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, price_per_million)
     VALUES ($1, $2, 'input', 2), ($1, $2, 'output', 10)`,
    [versionId, PRICED],
  );
  return versionId;
}

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 6 });
  db = createDbClient(database.url, { maxConnections: 2 });
  usage = startUsageWorkerHarness(pool);
  for (const model of [PRICED, UNPRICED]) {
    await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', $1, now())", [
      model,
    ]);
  }
  // Provider cost rates (USD per 1M): the worker stores each rated event's cost from them.
  await pool.query(
    `INSERT INTO model_cost_rates (model_id, token_type, effective_from, price_per_million)
     VALUES ($1, 'input', '2026-01-01Z', 1), ($1, 'output', '2026-01-01Z', 4)`,
    [PRICED],
  );
  const usd = await plan("USD");
  const eur = await plan("EUR");
  for (const [tenantId, versionId] of [
    [usdTenants[0], usd],
    [usdTenants[1], usd],
    [eurTenant, eur],
  ] as const) {
    await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $2)", [tenantId, `t-${tenantId}`]);
    await pool.query(
      "INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2026-01-01Z')",
      [randomUUID(), tenantId, versionId],
    );
  }
});

afterAll(async () => {
  await usage.close();
  await db.$disconnect();
  await pool.end();
  await database.drop();
});

function event(id: string, model: string, timestamp: string, agent: string, input: number, output: number) {
  const parsed = parseUsageEvent(
    { id, model, timestamp, agent, input_tokens: input, output_tokens: output },
    new Date("2026-12-06T00:00:00Z"),
  );
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

/** Usage of each tenant over Nov 16–25 (two UTC weeks), two agents, both models. */
async function record(prefix: string, days: readonly number[]): Promise<void> {
  const tenants = [...usdTenants, eurTenant];
  await usage.runJob(
    tenants.map((tenantId, t) => ({
      tenantId,
      apiKeyId: null,
      events: days.flatMap((day, d) =>
        [0, 1, 2].map((n) =>
          event(
            `${prefix}-${String(day)}-${String(n)}`,
            n === 2 ? UNPRICED : PRICED,
            `2026-11-${String(day)}T${String(3 + n * 7).padStart(2, "0")}:00:00Z`,
            `agent-${String((n + t) % 2)}`,
            1000 * (t + 1) + d,
            250 * (n + 1),
          ),
        ),
      ),
    })),
  );
}

/** Every global row, and the same sums computed straight from the daily rows (currency from the plan), as arrays. */
async function globalVsDaily(): Promise<{ global: unknown[][]; daily: unknown[][] }> {
  const columns = [
    "event_count",
    "unrated_count",
    "input_tokens",
    "cached_input_tokens",
    "cache_write_tokens",
    "output_tokens",
    "reasoning_tokens",
    "amount",
    "cost",
  ];
  const global = await pool.query<unknown[]>({
    text: `SELECT day, trim(currency), model_id, agent, ${columns.map((c) => `${c}::text`).join(", ")}
             FROM usage_rollups_global_daily ORDER BY 1, 2, 3, 4`,
    rowMode: "array",
  });
  const daily = await pool.query<unknown[]>({
    text: `SELECT d.day, CASE WHEN d.tenant_id = $1 THEN 'EUR' ELSE 'USD' END, d.model_id, d.agent,
                  ${columns.map((c) => `sum(d.${c})::text`).join(", ")}
             FROM usage_rollups_daily d GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    values: [eurTenant],
    rowMode: "array",
  });
  return { global: global.rows, daily: daily.rows };
}

async function tenantWeeks(): Promise<Record<string, unknown>[]> {
  const rows = await pool.query<Record<string, unknown>>(
    `SELECT week, tenant_id, trim(currency) AS currency, event_count::text, unrated_count::text, tokens::text,
            amount::text, cost::text
       FROM usage_rollups_tenant_weekly ORDER BY 1, 2`,
  );
  return rows.rows;
}

describe("analytics refresh", () => {
  it("makes the cross-tenant rows equal the per-tenant daily rows summed; a re-run changes nothing", async () => {
    await record("a", [16, 18, 24, 25]);
    const first = await refreshAnalyticsRollups(db);
    expect(first).toMatchObject({ ran: true, days: 4 });

    const { global, daily } = await globalVsDaily();
    expect(global).toEqual(daily);
    // 4 days × 2 models × 2 agents × 2 currencies, less the (model, agent) pairs a day's events do not have.
    expect(global.length).toBeGreaterThan(8);
    const totals = await pool.query<{ input: string; unrated: string; events: string; cost: string }>(
      `SELECT sum(input_tokens)::text AS input, sum(unrated_count)::text AS unrated, sum(event_count)::text AS events,
              sum(cost)::text AS cost
         FROM usage_rollups_global_daily`,
    );
    // Inputs: tenants t = 0..2 send 1000(t+1) + d tokens, d = 0..3, three events a day: 3 × (4×6000 + 3×6) = 72,054.
    // Cost: priced events only (two a day, four days, three tenants): input at 1/M, output 250 or 500 at 4/M.
    expect(totals.rows[0]).toEqual({ input: "72054", unrated: "12", events: "36", cost: expect.any(String) });
    // 2 × (4 × 6000 + 3 × 6) = 48,036 input tokens at 1/M; 3 tenants × 4 days × (250 + 500) output at 4/M.
    expect(money(totals.rows[0]?.cost ?? "").equals(money("0.048036").plus("0.036"))).toBe(true);

    const weeks = await tenantWeeks();
    // Nov 16 and 18 are in the week of Monday Nov 16, Nov 24 and 25 in the week of Nov 23: two weeks × three tenants.
    expect(weeks).toHaveLength(6);
    const weekSums = await pool.query(
      `SELECT date_trunc('week', day, 'UTC') AS week, tenant_id,
              CASE WHEN tenant_id = $1 THEN 'EUR' ELSE 'USD' END AS currency, sum(event_count)::text AS event_count,
              sum(unrated_count)::text AS unrated_count,
              sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens + reasoning_tokens)::text
                AS tokens, sum(amount)::text AS amount, sum(cost)::text AS cost
         FROM usage_rollups_daily GROUP BY 1, 2 ORDER BY 1, 2`,
      [eurTenant],
    );
    expect(weeks).toEqual(weekSums.rows);

    const again = await refreshAnalyticsRollups(db);
    expect(again.ran).toBe(true);
    expect(await globalVsDaily()).toEqual({ global, daily });
    expect(await tenantWeeks()).toEqual(weeks);
  });

  it("picks up a late event on an old day, even once the watermark is past it", async () => {
    await refreshAnalyticsRollups(db);
    // Age the events past the overlap window, so only events inserted after the watermark count as changed.
    await pool.query("UPDATE analytics_refresh_state SET refreshed_through = now() - interval '1 second'");
    await pool.query("UPDATE usage_events SET inserted_at = now() - interval '1 hour'");
    // The hours the (late) November usage noted too.
    await pool.query("UPDATE usage_rollup_changes SET changed_at = now() - interval '1 hour'");
    const idle = await refreshAnalyticsRollups(db);
    expect(idle).toMatchObject({ ran: true, days: 0, tenantWeeks: 0 });

    const before = await pool.query<{ input: string }>(
      "SELECT sum(input_tokens)::text AS input FROM usage_rollups_global_daily WHERE day = '2026-11-16Z'",
    );
    await usage.runJob([
      {
        tenantId: eurTenant,
        apiKeyId: null,
        events: [event("late-1", PRICED, "2026-11-16T20:00:00Z", "late", 777, 1)],
      },
    ]);
    const late = await refreshAnalyticsRollups(db);
    expect(late).toMatchObject({ ran: true, days: 1, tenantWeeks: 1 });
    const after = await pool.query<{ input: string }>(
      "SELECT sum(input_tokens)::text AS input FROM usage_rollups_global_daily WHERE day = '2026-11-16Z'",
    );
    expect(BigInt(after.rows[0]?.input ?? "0") - BigInt(before.rows[0]?.input ?? "0")).toBe(777n);
    const { global, daily } = await globalVsDaily();
    expect(global).toEqual(daily);
    const lateAgent = await pool.query(
      "SELECT trim(currency) AS currency, input_tokens::text FROM usage_rollups_global_daily WHERE agent = 'late'",
    );
    expect(lateAgent.rows).toEqual([{ currency: "EUR", input_tokens: "777" }]);
  });

  it("skips while another refresh holds the watermark", async () => {
    const holder = await pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM analytics_refresh_state WHERE id = 1 FOR UPDATE");
      expect(await refreshAnalyticsRollups(db)).toEqual({ ran: false, days: 0, tenantWeeks: 0 });
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
  });
});
