import { randomUUID } from "node:crypto";
import type { Db } from "@tollgate/db";
import { zoneDayStart } from "@tollgate/domain";
import { createModel } from "@tollgate/use-cases/catalog";
import type { Principal } from "@tollgate/use-cases/access";
import { setTenantTimeZone } from "@tollgate/use-cases/tenants";
import {
  exploreUsage,
  refreshLocalDayRollups,
  withHourlyRollupsOnly,
  type ExploreUsageQuery,
} from "@tollgate/use-cases/usage";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RatingSweepHarness } from "./support/run-rating-sweep-worker.ts";
import type { UsageWorkerHarness } from "./support/run-usage-worker.ts";
import { ageRollupChanges, rollupTraffic, startRollupFixture, type RollupFixture } from "./support/rollup-fixture.ts";

/**
 * The local-day rollups of a tenant's zone, kept by the worker's refresh while the real worker records usage (late
 * jobs, a sweep re-rating), must read the same in the usage explorer as the hourly rows only, summer time included;
 * and the table itself must be the hourly rows summed per local day.
 */
let fixture: RollupFixture;
let pool: pg.Pool;
let db: Db;
let usage: UsageWorkerHarness;
let sweeps: RatingSweepHarness;
const tenantId = randomUUID();
const keys = [randomUUID(), randomUUID()];
const traffic = (prefix: string, days: readonly number[]) => rollupTraffic(keys, prefix, days);

beforeAll(async () => {
  fixture = await startRollupFixture({ id: tenantId, slug: "local", name: "Local Inc" });
  ({ pool, db, usage, sweeps } = fixture);
});

afterAll(async () => {
  await fixture.close();
});

const OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "tg_ops" };

const NEW_YORK_DAYS = {
  from: zoneDayStart("2026-10-30", "America/New_York"),
  to: zoneDayStart("2026-11-04", "America/New_York"),
};

const RANGES: [string, { from: Date; to: Date }][] = [
  ["whole days", { from: new Date("2026-10-29T00:00:00Z"), to: new Date("2026-11-26T00:00:00Z") }],
  ["partial days at both ends", { from: new Date("2026-11-20T07:00:00Z"), to: new Date("2026-11-24T15:00:00Z") }],
  ["inside one day", { from: new Date("2026-11-21T03:00:00Z"), to: new Date("2026-11-21T20:00:00Z") }],
  // New York falls back an hour at 2026-11-01T06:00Z: its local day there is 25 hours long.
  ["across a change of summer time", { from: new Date("2026-10-30T00:00:00Z"), to: new Date("2026-11-04T00:00:00Z") }],
  // As the console sends New York's days: its midnights (04:00Z before the change, 05:00Z after), whole local days.
  ["New York's midnights across a change of summer time", NEW_YORK_DAYS],
];

/** The explorer's daily reads in one zone, as plain data. */
async function explore(range: { from: Date; to: Date }, timeZone: string) {
  const read = (query: Partial<ExploreUsageQuery>) =>
    exploreUsage(db, tenantId, { ...range, granularity: "day", timeZone, groupBy: "model", filters: {}, ...query });
  return Promise.all([
    ...(["model", "token_type", "api_key", "customer", "agent"] as const).map((groupBy) => read({ groupBy })),
    read({ groupBy: "agent", filters: { customers: ["cust-1"], tokenTypes: ["output"] }, maxGroups: 1 }),
    read({ groupBy: "customer", filters: { agents: ["agent-1", ""] } }),
  ]);
}

async function expectHourlyEquality(timeZone: string) {
  for (const [name, range] of RANGES) {
    const read = await explore(range, timeZone);
    expect(read, `${timeZone}: ${name}`).toEqual(await withHourlyRollupsOnly(() => explore(range, timeZone)));
  }
}

/** Rows of usage_rollups_daily_local that differ from the hourly rows summed per local day (none when right). */
async function localMismatches(timeZone: string) {
  const found = await pool.query<Record<string, unknown>>(
    `SELECT * FROM (
       SELECT tenant_id, (hour AT TIME ZONE $1)::date AS day, model_id, api_key_id, customer, agent,
              sum(event_count) AS e, sum(unrated_count) AS u, sum(input_tokens) AS i, sum(cached_input_tokens) AS c,
              sum(output_tokens) AS o, sum(amount) AS a, sum(cost) AS k, sum(input_amount) AS ia,
              sum(output_amount) AS oa
         FROM usage_rollups_hourly GROUP BY 1, 2, 3, 4, 5, 6) h
     FULL JOIN (
       SELECT tenant_id, day, model_id, api_key_id, customer, agent, event_count AS e, unrated_count AS u,
              input_tokens AS i, cached_input_tokens AS c, output_tokens AS o, amount AS a, cost AS k,
              input_amount AS ia, output_amount AS oa
         FROM usage_rollups_daily_local WHERE time_zone = $1) d USING (tenant_id, day, model_id, api_key_id, customer, agent)
     WHERE (h.e, h.u, h.i, h.c, h.o, h.a, h.k, h.ia, h.oa) IS DISTINCT FROM (d.e, d.u, d.i, d.c, d.o, d.a, d.k, d.ia, d.oa)`,
    [timeZone],
  );
  return found.rows;
}

const localRows = async () =>
  (
    await pool.query<Record<string, unknown>>(
      "SELECT * FROM usage_rollups_daily_local ORDER BY tenant_id, time_zone, day, model_id, api_key_id, customer, agent",
    )
  ).rows;

describe("local-day rollups", () => {
  it("are filled when a zone is set, recomputed for late and re-rated usage, and read like the hourly rows", async () => {
    await usage.runJob(traffic("a", [20, 21, 22]).map((group) => ({ tenantId, ...group })));
    expect((await setTenantTimeZone(db, tenantId, "America/New_York", OPERATOR)).timeZone).toBe("America/New_York");
    // Filled whole by the first refresh.
    expect(await refreshLocalDayRollups(db)).toMatchObject({ ran: true, zonesFilled: 1 });
    expect(await localMismatches("America/New_York")).toEqual([]);
    expect((await localRows()).length).toBeGreaterThan(0);

    // Later jobs: new days, back-dated ones, days around the fall-back; then recomputed from the events' inserted_at.
    await usage.runJob(traffic("b", [23, 24, 21]).map((group) => ({ tenantId, ...group })));
    await usage.runJob(traffic("c", [1, 2, 3]).map((group) => ({ tenantId, ...group })));
    expect(await refreshLocalDayRollups(db)).toMatchObject({ ran: true, zonesFilled: 0 });
    expect(await localMismatches("America/New_York")).toEqual([]);

    // Re-rating: as if the events were old (past the watermark's overlap), only the re-rated hours name their days.
    await pool.query("UPDATE usage_events SET inserted_at = inserted_at - interval '1 day'");
    await pool.query("UPDATE local_rollup_refresh_state SET refreshed_through = now()");
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
      { actor: "system:local-rollups-test" as const, reason: "price for a model in use" },
    );
    await sweeps.runSweeps([{ reason: "price_change", tenantId }]);
    expect(await localMismatches("America/New_York")).not.toEqual([]);
    const refreshed = await refreshLocalDayRollups(db);
    expect(refreshed.days).toBeGreaterThan(0);
    expect(await localMismatches("America/New_York")).toEqual([]);
    // The analytics refresh has not read them yet: the queue keeps them for it.
    const changes = await pool.query("SELECT 1 FROM usage_rollup_changes");
    expect(changes.rows.length).toBeGreaterThan(0);

    // Recomputed, never incremented: a re-run changes nothing.
    const before = await localRows();
    await pool.query("UPDATE local_rollup_refresh_state SET refreshed_through = now() - interval '1 hour'");
    await refreshLocalDayRollups(db);
    expect(await localRows()).toEqual(before);

    await expectHourlyEquality("America/New_York");
    // The explorer did read the local rows (a changed row shows), for whole local days only, once the late hours'
    // notes are past the refresh's overlap (until then their days are read from other rows).
    await ageRollupChanges(pool);
    await pool.query("UPDATE usage_rollups_daily_local SET input_tokens = input_tokens + 1 WHERE day = '2026-11-21'");
    const whole = { from: new Date("2026-11-19T00:00:00Z"), to: new Date("2026-11-26T00:00:00Z") };
    const shifted = await explore(whole, "America/New_York");
    expect(shifted, "a changed local row shows").not.toEqual(
      await withHourlyRollupsOnly(() => explore(whole, "America/New_York")),
    );
    // Partial local days (Nov 20: 2 of 24 hours, Nov 21: 10) read from other rows.
    const partial = { from: new Date("2026-11-21T03:00:00Z"), to: new Date("2026-11-21T15:00:00Z") };
    expect(await explore(partial, "America/New_York")).toEqual(
      await withHourlyRollupsOnly(() => explore(partial, "America/New_York")),
    );
    await pool.query("UPDATE usage_rollups_daily_local SET input_tokens = input_tokens - 1 WHERE day = '2026-11-21'");
    // The console's range of New York days reads every day of it, the 25-hour Nov 1 too, from the local rows.
    expect(NEW_YORK_DAYS).toEqual({ from: new Date("2026-10-30T04:00:00Z"), to: new Date("2026-11-04T05:00:00Z") });
    await pool.query("UPDATE usage_rollups_daily_local SET input_tokens = input_tokens + 1 WHERE day = '2026-11-01'");
    expect(await explore(NEW_YORK_DAYS, "America/New_York"), "a changed local row shows").not.toEqual(
      await withHourlyRollupsOnly(() => explore(NEW_YORK_DAYS, "America/New_York")),
    );
    await pool.query("UPDATE usage_rollups_daily_local SET input_tokens = input_tokens - 1 WHERE day = '2026-11-01'");
    // A refresh behind (as of Nov 2, 10:00Z): the days ended after it are read from the hourly rows, the same.
    const { rows: state } = await pool.query<{ refreshed_at: Date }>(
      "SELECT refreshed_at FROM local_rollup_refresh_state",
    );
    await pool.query("UPDATE local_rollup_refresh_state SET refreshed_at = '2026-11-02T10:00:00Z'");
    await pool.query("UPDATE usage_rollups_daily_local SET input_tokens = input_tokens + 1 WHERE day >= '2026-11-02'");
    await expectHourlyEquality("America/New_York");
    await pool.query("UPDATE usage_rollups_daily_local SET input_tokens = input_tokens - 1 WHERE day >= '2026-11-02'");
    await pool.query("UPDATE local_rollup_refresh_state SET refreshed_at = $1", [state[0]?.refreshed_at]);
    // A zone without local rows (not the tenant's) reads the other path, the same too.
    await expectHourlyEquality("Europe/Berlin");
  });

  it("move to a new zone: the old rows go, the new zone (a half-hour one) is filled and read the same", async () => {
    await setTenantTimeZone(db, tenantId, "Asia/Kolkata", OPERATOR);
    expect(await localRows()).toEqual([]);
    // Before the refresh fills it, reads take the other path.
    await expectHourlyEquality("Asia/Kolkata");
    expect(await refreshLocalDayRollups(db)).toMatchObject({ zonesFilled: 1 });
    expect(await localMismatches("Asia/Kolkata")).toEqual([]);
    await expectHourlyEquality("Asia/Kolkata");
    // Back to UTC: no local rows kept.
    await setTenantTimeZone(db, tenantId, "UTC", OPERATOR);
    await refreshLocalDayRollups(db);
    expect(await localRows()).toEqual([]);
  });

  it("refuse a zone that is not IANA, changing nothing", async () => {
    for (const bad of ["+02:00", "Mars/Olympus", "", "America/New York"])
      await expect(setTenantTimeZone(db, tenantId, bad, OPERATOR)).rejects.toMatchObject({ code: "bad_request" });
    const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(tenant.timeZone).toBe("UTC");
  });
});
