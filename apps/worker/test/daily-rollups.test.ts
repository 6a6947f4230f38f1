import { randomUUID } from "node:crypto";
import type { Db } from "@tollgate/db";
import { createModel } from "@tollgate/use-cases/catalog";
import {
  exploreUsage,
  exploreUsageOptions,
  forecastSpend,
  summarizeUsage,
  USAGE_GROUP_BYS,
  withHourlyRollupsOnly,
  type ExploreUsageQuery,
} from "@tollgate/use-cases/usage";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RatingSweepHarness } from "./support/run-rating-sweep-worker.ts";
import type { UsageWorkerHarness } from "./support/run-usage-worker.ts";
import { rollupTraffic, startRollupFixture, type RollupFixture } from "./support/rollup-fixture.ts";

/**
 * Usage recorded by the real worker over several UTC days (one back-dated job, one sweep re-rating) must read the
 * same from the daily rollups (whole UTC days) plus hourly rows (partial days) as from the hourly rows only, for
 * every usage read the console makes.
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
  fixture = await startRollupFixture({ id: tenantId, slug: "daily", name: "Daily Inc" });
  ({ pool, db, usage, sweeps } = fixture);
});

afterAll(async () => {
  await fixture.close();
});

const RANGES: [string, { from: Date; to: Date }][] = [
  ["whole UTC days", { from: new Date("2026-11-19T00:00:00Z"), to: new Date("2026-11-26T00:00:00Z") }],
  ["partial days at both ends", { from: new Date("2026-11-20T07:00:00Z"), to: new Date("2026-11-24T15:00:00Z") }],
  ["a partial first day", { from: new Date("2026-11-20T13:00:00Z"), to: new Date("2026-11-25T00:00:00Z") }],
  ["inside one day", { from: new Date("2026-11-21T03:00:00Z"), to: new Date("2026-11-21T20:00:00Z") }],
  // New York falls back an hour at 2026-11-01T06:00Z: its local days there are 25 hours long.
  ["across a change of summer time", { from: new Date("2026-10-30T00:00:00Z"), to: new Date("2026-11-04T00:00:00Z") }],
];

/** Every usage read of the console for one range, as plain data. */
async function readAll(range: { from: Date; to: Date }) {
  const summaries = await Promise.all(
    USAGE_GROUP_BYS.map((groupBy) => summarizeUsage(db, tenantId, range, { daily: true, groupBy })),
  );
  const explore = (query: Partial<ExploreUsageQuery>) =>
    exploreUsage(db, tenantId, {
      ...range,
      granularity: "day",
      timeZone: "UTC",
      groupBy: "model",
      filters: {},
      ...query,
    });
  const explorations = await Promise.all([
    ...(["model", "token_type", "api_key", "customer", "agent"] as const).map((groupBy) => explore({ groupBy })),
    explore({ groupBy: "agent", filters: { customers: ["cust-1"], tokenTypes: ["output"] }, maxGroups: 1 }),
    // Local days of other zones: daily rows with the hours of the other local day moved (see rollupSource).
    ...["Asia/Kolkata", "America/New_York", "Pacific/Kiritimati", "America/St_Johns", "Pacific/Pago_Pago"].map(
      (timeZone) => explore({ groupBy: "customer", timeZone }),
    ),
    explore({ groupBy: "token_type", timeZone: "Europe/Berlin", filters: { agents: ["agent-1"] } }),
    explore({ groupBy: "api_key", granularity: "hour" }),
  ]);
  const options = await exploreUsageOptions(db, tenantId, range);
  return { summaries, explorations, options };
}

describe("daily rollups", () => {
  it("read the same as the hourly rollups, for whole and partial UTC days, after back-dated usage and a sweep", async () => {
    await usage.runJob(traffic("a", [20, 21, 22, 23, 24]).map((group) => ({ tenantId, ...group })));
    // Back-dated: a later job with usage of past days (and of days already holding rows).
    await usage.runJob(traffic("b", [21, 20]).map((group) => ({ tenantId, ...group })));
    // Days around New York's fall-back.
    await usage.runJob(traffic("c", [1, 2, 3]).map((group) => ({ tenantId, ...group })));
    // The unpriced model gets a price; the sweep re-rates its events (moving rollup counts of past days).
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
      { actor: "system:daily-rollups-test" as const, reason: "price for a model in use" },
    );
    await sweeps.runSweeps([{ reason: "price_change", tenantId }]);
    const unrated = await pool.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM usage_events WHERE tenant_id = $1 AND rating_status = 'unrated'",
      [tenantId],
    );
    expect(unrated.rows[0]?.n).toBe("0");

    // The daily rows are the hourly rows summed per UTC day, column for column.
    const mismatch = await pool.query(
      `SELECT * FROM (
         SELECT tenant_id, date_trunc('day', hour, 'UTC') AS day, model_id, api_key_id, customer, agent,
                sum(event_count) AS e, sum(unrated_count) AS u, sum(input_tokens) AS i, sum(cached_input_tokens) AS c,
                sum(output_tokens) AS o, sum(amount) AS a, sum(cost) AS k, sum(input_amount) AS ia,
                sum(output_amount) AS oa
           FROM usage_rollups_hourly GROUP BY 1, 2, 3, 4, 5, 6) h
       FULL JOIN (
         SELECT tenant_id, day, model_id, api_key_id, customer, agent, event_count AS e, unrated_count AS u,
                input_tokens AS i, cached_input_tokens AS c, output_tokens AS o, amount AS a, cost AS k,
                input_amount AS ia, output_amount AS oa
           FROM usage_rollups_daily) d USING (tenant_id, day, model_id, api_key_id, customer, agent)
       WHERE (h.e, h.u, h.i, h.c, h.o, h.a, h.k, h.ia, h.oa) IS DISTINCT FROM (d.e, d.u, d.i, d.c, d.o, d.a, d.k, d.ia, d.oa)`,
    );
    expect(mismatch.rows).toEqual([]);
    const days = await pool.query<{ n: string }>(
      "SELECT count(DISTINCT day)::text AS n FROM usage_rollups_daily WHERE tenant_id = $1",
      [tenantId],
    );
    expect(days.rows[0]?.n).toBe("8");

    for (const [name, range] of RANGES) {
      const daily = await readAll(range);
      const hourly = await withHourlyRollupsOnly(() => readAll(range));
      expect(daily, name).toEqual(hourly);
      expect(daily.summaries[0]?.totals.eventCount, name).not.toBe("0");
    }
    // The forecast's period so far and its run-rate days (Nov 23 to Nov 29 are whole days before "now").
    const now = new Date("2026-11-30T10:30:00Z");
    const forecast = await forecastSpend(db, tenantId, now);
    expect(forecast).toEqual(await withHourlyRollupsOnly(() => forecastSpend(db, tenantId, now)));
    expect(forecast.spentSoFar).not.toBe("0");
  });
});
