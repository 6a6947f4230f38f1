import { randomUUID } from "node:crypto";
import type { Db } from "@tollgate/db";
import { parseUsageEvent } from "@tollgate/domain";
import type { Principal } from "@tollgate/use-cases/access";
import { refreshAnalyticsRollups } from "@tollgate/use-cases/analytics";
import { assignSubscription, migrateSubscriptions } from "@tollgate/use-cases/subscriptions";
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
 * The analytics rollups put a tenant's day in the currency of its subscription (`tenant_currency_on`). A subscription
 * change to a version in another currency inserts no event, so the change itself must note the days it switches
 * (usage_rollup_changes, in its transaction): after it, an incremental refresh must equal a recompute from scratch.
 */
let fixture: RollupFixture;
let pool: pg.Pool;
let db: Db;
const tenants = [randomUUID(), randomUUID()] as const;
const keys = [randomUUID(), randomUUID()];
const OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "tg_ops" };
const context = { actor: OPERATOR, reason: "moves to euro billing" };
let usdVersion = "";
const eurVersion = randomUUID();
const eurVersion2 = randomUUID();

beforeAll(async () => {
  fixture = await startRollupFixture({ id: tenants[0], slug: "cur-a", name: "Currency A" });
  ({ pool, db } = fixture);
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, 'cur-b', 'Currency B')", [tenants[1]]);
  const usd = await pool.query<{ plan_version_id: string; plan_id: string }>(
    `SELECT s.plan_version_id, v.plan_id FROM subscriptions s JOIN plan_versions v ON v.id = s.plan_version_id LIMIT 1`,
  );
  const [row] = usd.rows;
  if (!row) throw new Error("the fixture subscribes its tenant");
  usdVersion = row.plan_version_id;
  await pool.query(
    `INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2026-11-01Z')`,
    [randomUUID(), tenants[1], usdVersion],
  );
  // Two euro versions of the same plan, with the dollar version's rates.
  for (const [index, id] of [eurVersion, eurVersion2].entries()) {
    await pool.query(
      `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
       SELECT $1, plan_id, $2, 'published', 'EUR', effective_from, now(), pricing FROM plan_versions WHERE id = $3`,
      [id, index + 2, usdVersion],
    );
    await pool.query(
      `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
       SELECT $1, model_id, token_type, condition, price_per_million FROM plan_rates WHERE plan_version_id = $2`,
      [id, usdVersion],
    );
  }
});

afterAll(async () => {
  await fixture.close();
});

/** Ages every event past the refresh's overlap window: from here on only new events and noted hours count. */
async function ageEvents(): Promise<void> {
  await pool.query("UPDATE usage_events SET inserted_at = inserted_at - interval '1 day'");
  await pool.query("DELETE FROM usage_rollup_changes");
  await pool.query("UPDATE analytics_refresh_state SET refreshed_through = now()");
}

/** Events of a model without a price: stored unrated, so they never stop a subscription change after them. */
async function recordUnrated(tenantId: string, prefix: string, timestamps: readonly string[]): Promise<void> {
  const events = timestamps.map((timestamp, n) => {
    const parsed = parseUsageEvent(
      { id: `${prefix}-${String(n)}`, model: "newco/beta", timestamp, input_tokens: 900 + n, output_tokens: 40 },
      new Date("2026-11-30T00:00:00Z"),
    );
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.event;
  });
  await fixture.usage.runJob([{ tenantId, apiKeyId: keys[0] ?? "", events }]);
}

async function noted(): Promise<{ tenant_id: string; hour: Date }[]> {
  const rows = await pool.query<{ tenant_id: string; hour: Date }>(
    "SELECT tenant_id::text, hour FROM usage_rollup_changes ORDER BY tenant_id, hour",
  );
  return rows.rows;
}

describe("analytics refresh after a subscription switches the currency", () => {
  it("recomputes the switched days: equal to a recompute from scratch, in the new currency", async () => {
    for (const [t, tenantId] of tenants.entries()) {
      await fixture.usage.runJob(
        rollupTraffic(keys, `u-${String(t)}`, [20, 21, 22]).map((group) => ({ tenantId, ...group })),
      );
      // Unrated usage after the switch (days 24 and 26) is attributed to the new currency too.
      await recordUnrated(tenantId, `late-${String(t)}`, ["2026-11-24T08:00:00Z", "2026-11-26T09:30:00Z"]);
    }
    await refreshAnalyticsRollups(db);
    const before = await analyticsRows(pool);
    expect(await analyticsFromScratch(pool, db)).toEqual(before);
    await ageEvents();

    // Tenant A by assignment, tenant B by a migration: both switch to euros at 22:00 on the 22nd (after the day's
    // last rated event), so the 22nd (wholly, as the analytics attribute a day), the 24th and the 26th switch.
    await assignSubscription(
      db,
      tenants[0],
      { planVersionId: eurVersion, startsAt: new Date("2026-11-22T22:00:00Z") },
      context,
    );
    await migrateSubscriptions(
      db,
      {
        fromVersionId: usdVersion,
        toVersionId: eurVersion,
        at: new Date("2026-11-22T22:00:00Z"),
        tenantIds: [tenants[1]],
        dryRun: false,
      },
      context,
    );
    const days = ["2026-11-22T00:00:00Z", "2026-11-24T00:00:00Z", "2026-11-26T00:00:00Z"].map((d) => new Date(d));
    expect(await noted()).toEqual(
      [...tenants].sort().flatMap((tenantId) => days.map((hour) => ({ tenant_id: tenantId, hour }))),
    );

    expect(await refreshAnalyticsRollups(db)).toMatchObject({ ran: true, days: 3 });
    const after = await analyticsRows(pool);
    expect(after).not.toEqual(before);
    const currencies = await pool.query<{ day: Date; currencies: string }>(
      `SELECT day, string_agg(DISTINCT trim(currency), ',') AS currencies FROM usage_rollups_global_daily
        GROUP BY day ORDER BY day`,
    );
    expect(currencies.rows.map((row) => [row.day.toISOString().slice(0, 10), row.currencies])).toEqual([
      ["2026-11-20", "USD"],
      ["2026-11-21", "USD"],
      ["2026-11-22", "EUR"],
      ["2026-11-24", "EUR"],
      ["2026-11-26", "EUR"],
    ]);
    expect(await analyticsFromScratch(pool, db)).toEqual(after);
  });

  it("notes nothing when the change keeps the currency", async () => {
    await ageEvents();
    await assignSubscription(
      db,
      tenants[0],
      { planVersionId: eurVersion2, startsAt: new Date("2026-11-23T00:00:00Z") },
      context,
    );
    expect(await noted()).toEqual([]);
    expect(await refreshAnalyticsRollups(db)).toMatchObject({ ran: true, days: 0 });
  });
});
