import { randomUUID } from "node:crypto";
import type { Db } from "@tollgate/db";
import { createModel } from "@tollgate/use-cases/catalog";
import { refreshAnalyticsRollups } from "@tollgate/use-cases/analytics";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  analyticsFromScratch,
  analyticsRows,
  rollupTraffic,
  startRollupFixture,
  type RollupFixture,
} from "./support/rollup-fixture.ts";

/**
 * The analytics refresh finds the days to recompute from the events inserted and the hours re-rated since its
 * watermark, not from the daily rollups: after late, back-dated and re-rated usage recorded by the real worker and
 * rating sweep, the incrementally refreshed tables must equal a recompute from scratch, recompute only the changed
 * days, and a second refresh must change nothing.
 */
let fixture: RollupFixture;
let pool: pg.Pool;
let db: Db;
const tenants = [randomUUID(), randomUUID()];
const keys = [randomUUID(), randomUUID()];

beforeAll(async () => {
  fixture = await startRollupFixture({ id: tenants[0] ?? "", slug: "incr-a", name: "Incremental A" });
  ({ pool, db } = fixture);
  // A second tenant on the same plan, so the global rows sum across tenants.
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, 'incr-b', 'Incremental B')", [tenants[1]]);
  await pool.query(
    `INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at)
     SELECT $1, $2, plan_version_id, starts_at FROM subscriptions LIMIT 1`,
    [randomUUID(), tenants[1]],
  );
});

afterAll(async () => {
  await fixture.close();
});

async function record(prefix: string, days: readonly number[]): Promise<void> {
  for (const [t, tenantId] of tenants.entries()) {
    await fixture.usage.runJob(
      rollupTraffic(keys, `${prefix}-${String(t)}`, days).map((group) => ({ tenantId, ...group })),
    );
  }
}

/**
 * Ages every event, and every hour noted so far (the November usage is late, so noted), past the refresh's overlap
 * window: from here on only new events and hours noted since count.
 */
async function ageEvents(): Promise<void> {
  await pool.query("UPDATE usage_events SET inserted_at = inserted_at - interval '1 day'");
  await pool.query("UPDATE usage_rollup_changes SET changed_at = changed_at - interval '1 day'");
  await pool.query("UPDATE analytics_refresh_state SET refreshed_through = now()");
}

describe("analytics refresh, incremental", () => {
  it("equals a recompute from scratch after late, back-dated and re-rated usage; a second refresh changes nothing", async () => {
    await record("a", [20, 21, 22]);
    expect(await refreshAnalyticsRollups(db)).toMatchObject({ ran: true, days: 3 });
    const first = await analyticsRows(pool);
    expect(first.global.length).toBeGreaterThan(0);
    expect(await analyticsFromScratch(pool, db)).toEqual(first);

    // Late usage on a recorded day, a back-dated day, a new day; only those three days are recomputed.
    await ageEvents();
    await record("b", [21, 9, 25]);
    expect(await refreshAnalyticsRollups(db)).toMatchObject({ ran: true, days: 3, tenantWeeks: 6 });
    const late = await analyticsRows(pool);
    expect(late).not.toEqual(first);
    expect(await analyticsFromScratch(pool, db)).toEqual(late);

    // Re-rating: `newco/alpha` gets a price, the sweep re-rates its events; no new event names those hours.
    await ageEvents();
    await createModel(
      db,
      {
        id: "newco/alpha",
        provider: "newco",
        displayName: "Alpha",
        costRates: {
          effectiveFrom: new Date("2026-01-01T00:00:00Z"),
          rates: { input: "1.3", output: "4.1", cached_input: "0.13" },
        },
      },
      { actor: "system:analytics-refresh-test" as const, reason: "price for a model in use" },
    );
    for (const tenantId of tenants) await fixture.sweeps.runSweeps([{ reason: "price_change", tenantId }]);
    const reRated = await refreshAnalyticsRollups(db);
    expect(reRated.days).toBeGreaterThan(0);
    const after = await analyticsRows(pool);
    expect(after).not.toEqual(late);
    expect(await analyticsFromScratch(pool, db)).toEqual(after);

    // Recomputed, never incremented: refreshing again (over the same changes, within the overlap) changes nothing.
    await pool.query("UPDATE analytics_refresh_state SET refreshed_through = now()");
    expect((await refreshAnalyticsRollups(db)).days).toBeGreaterThan(0);
    expect(await analyticsRows(pool)).toEqual(after);
  });

  it("holds its watermark at a daily-rollup increment still in the aggregate outbox", async () => {
    await pool.query("UPDATE analytics_refresh_state SET refreshed_through = now()");
    const pending = await pool.query<{ created_at: Date }>(
      `INSERT INTO aggregate_outbox (kind, params, created_at) VALUES ('daily_rollups', '[]', now() - interval '1 hour')
       RETURNING created_at`,
    );
    try {
      await refreshAnalyticsRollups(db);
      const state = await pool.query<{ refreshed_through: Date }>(
        "SELECT refreshed_through FROM analytics_refresh_state",
      );
      // The events of that increment are recomputed again once it is applied: the next refresh looks back to it.
      expect(state.rows[0]?.refreshed_through).toEqual(pending.rows[0]?.created_at);
    } finally {
      await pool.query("DELETE FROM aggregate_outbox");
    }
  });

  it("keeps re-rated hours until every refresh is past them, then drops them", async () => {
    await pool.query("DELETE FROM usage_rollup_changes");
    await pool.query(
      `INSERT INTO usage_rollup_changes (tenant_id, hour, changed_at)
       VALUES ($1, '2026-11-20T05:00Z', now() - interval '3 hours'), ($1, '2026-11-20T06:00Z', now())
       ON CONFLICT (tenant_id, hour) DO UPDATE SET changed_at = excluded.changed_at`,
      [tenants[0]],
    );
    await pool.query("UPDATE local_rollup_refresh_state SET refreshed_through = now() - interval '1 day'");
    await refreshAnalyticsRollups(db);
    // The local-day refresh has not read either yet.
    expect((await pool.query("SELECT 1 FROM usage_rollup_changes")).rows).toHaveLength(2);
    await pool.query("UPDATE local_rollup_refresh_state SET refreshed_through = now()");
    await pool.query("UPDATE hourly_model_refresh_state SET refreshed_through = now() - interval '1 day'");
    await refreshAnalyticsRollups(db);
    // Nor has the hourly-model refresh.
    expect((await pool.query("SELECT 1 FROM usage_rollup_changes")).rows).toHaveLength(2);
    await pool.query("UPDATE hourly_model_refresh_state SET refreshed_through = now()");
    await refreshAnalyticsRollups(db);
    const left = await pool.query<{ hour: Date }>("SELECT hour FROM usage_rollup_changes");
    expect(left.rows).toEqual([{ hour: new Date("2026-11-20T06:00:00Z") }]);
  });
});
