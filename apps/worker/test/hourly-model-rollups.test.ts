import { randomUUID } from "node:crypto";
import type { Db } from "@tollgate/db";
import { createModel } from "@tollgate/use-cases/catalog";
import {
  exploreUsage,
  refreshHourlyModelRollups,
  withHourlyRollupsOnly,
  type ExploreUsageQuery,
} from "@tollgate/use-cases/usage";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RatingSweepHarness } from "./support/run-rating-sweep-worker.ts";
import type { UsageWorkerHarness } from "./support/run-usage-worker.ts";
import { ageRollupChanges, rollupTraffic, startRollupFixture, type RollupFixture } from "./support/rollup-fixture.ts";

/**
 * The per-model hourly rollups, kept by the worker's refresh while the real worker records usage (late and
 * back-dated jobs, a sweep re-rating), must read the same in the usage explorer's hourly reads as the hourly rows
 * only, hours newer than the last refresh included; and the table itself must be the hourly rows summed per model.
 */
let fixture: RollupFixture;
let pool: pg.Pool;
let db: Db;
let usage: UsageWorkerHarness;
let sweeps: RatingSweepHarness;
const tenantId = randomUUID();
const keys = [randomUUID(), randomUUID()];
const traffic = (prefix: string, days: readonly number[]) =>
  rollupTraffic(keys, prefix, days).map((group) => ({ tenantId, ...group }));

beforeAll(async () => {
  fixture = await startRollupFixture({ id: tenantId, slug: "hourly-models", name: "Hourly Models Inc" });
  ({ pool, db, usage, sweeps } = fixture);
});

afterAll(async () => {
  await fixture.close();
});

const RANGES: [string, { from: Date; to: Date }][] = [
  ["the month's days", { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-28T00:00:00Z") }],
  ["inside one day", { from: new Date("2026-11-21T03:00:00Z"), to: new Date("2026-11-21T20:00:00Z") }],
  ["around the fresh hours", { from: new Date("2026-11-24T20:00:00Z"), to: new Date("2026-11-26T05:00:00Z") }],
];

/** The explorer's hourly reads the per-model rows serve, and one they do not, as plain data. */
async function explore(range: { from: Date; to: Date }) {
  const read = (query: Partial<ExploreUsageQuery>) =>
    exploreUsage(db, tenantId, {
      ...range,
      granularity: "hour",
      timeZone: "UTC",
      groupBy: "model",
      filters: {},
      ...query,
    });
  return Promise.all([
    read({ groupBy: "model" }),
    read({ groupBy: "token_type" }),
    read({ groupBy: "model", timeZone: "Asia/Kolkata", filters: { models: ["newco/alpha"] } }),
    read({ groupBy: "token_type", filters: { tokenTypes: ["output", "cached_input"] } }),
    read({ groupBy: "model", filters: { tokenTypes: ["input"] }, maxGroups: 1 }),
    read({ groupBy: "model", filters: { customers: ["cust-1"] } }),
    // Daily reads by model: partial days at the ends, and the hours moved between another zone's days.
    read({ granularity: "day", groupBy: "model" }),
    read({ granularity: "day", timeZone: "America/New_York", groupBy: "token_type" }),
    read({ granularity: "day", timeZone: "Asia/Kolkata", groupBy: "model", filters: { models: ["acme/known"] } }),
    read({ granularity: "day", timeZone: "America/New_York", groupBy: "agent" }),
  ]);
}

async function expectHourlyEquality(when: string) {
  for (const [name, range] of RANGES)
    expect(await explore(range), `${when}: ${name}`).toEqual(await withHourlyRollupsOnly(() => explore(range)));
}

/** Rows of usage_rollups_hourly_models that differ from the hourly rows summed per model (none when right). */
async function modelMismatches() {
  const found = await pool.query<Record<string, unknown>>(
    `SELECT * FROM (
       SELECT tenant_id, hour, model_id, sum(event_count) AS e, sum(unrated_count) AS u, sum(input_tokens) AS i,
              sum(cached_input_tokens) AS c, sum(cache_write_tokens) AS w, sum(output_tokens) AS o,
              sum(reasoning_tokens) AS r, sum(amount) AS a, sum(cost) AS k, sum(input_amount) AS ia,
              sum(cached_input_amount) AS ca, sum(output_amount) AS oa
         FROM usage_rollups_hourly GROUP BY 1, 2, 3) h
     FULL JOIN (
       SELECT tenant_id, hour, model_id, event_count AS e, unrated_count AS u, input_tokens AS i,
              cached_input_tokens AS c, cache_write_tokens AS w, output_tokens AS o, reasoning_tokens AS r,
              amount AS a, cost AS k, input_amount AS ia, cached_input_amount AS ca, output_amount AS oa
         FROM usage_rollups_hourly_models) m USING (tenant_id, hour, model_id)
     WHERE (h.e, h.u, h.i, h.c, h.w, h.o, h.r, h.a, h.k, h.ia, h.ca, h.oa)
           IS DISTINCT FROM (m.e, m.u, m.i, m.c, m.w, m.o, m.r, m.a, m.k, m.ia, m.ca, m.oa)`,
  );
  return found.rows;
}

const modelRows = async () =>
  (
    await pool.query<Record<string, unknown>>(
      "SELECT * FROM usage_rollups_hourly_models ORDER BY tenant_id, hour, model_id",
    )
  ).rows;

describe("per-model hourly rollups", () => {
  it("are filled, recomputed for late, back-dated and re-rated usage, and read like the hourly rows", async () => {
    await usage.runJob(traffic("a", [20, 21, 22]));
    // Before the first refresh every hour is read from the hourly rows.
    await expectHourlyEquality("before the first refresh");
    expect(await refreshHourlyModelRollups(db)).toMatchObject({ ran: true, filled: true });
    expect(await modelMismatches()).toEqual([]);
    expect((await modelRows()).length).toBeGreaterThan(0);
    await expectHourlyEquality("after the fill");

    // The reads did take the per-model rows (a changed row shows), and the others did not; once the late hours'
    // notes are past the refresh's overlap (they stay read from the hourly rows until then).
    await ageRollupChanges(pool);
    await pool.query("UPDATE usage_rollups_hourly_models SET input_tokens = input_tokens + 1");
    const month = RANGES[0]?.[1] ?? { from: new Date(), to: new Date() };
    const read = await explore(month);
    const hourlyRead = await withHourlyRollupsOnly(() => explore(month));
    // Hourly by model, daily in New York days (its moved hours) by token type: changed; by customer, agent: not.
    for (const index of [0, 7]) expect(read[index], "a changed per-model row shows").not.toEqual(hourlyRead[index]);
    for (const index of [5, 9]) expect(read[index]).toEqual(hourlyRead[index]);
    await pool.query("UPDATE usage_rollups_hourly_models SET input_tokens = input_tokens - 1");

    // Later jobs: new hours, back-dated ones into hours already kept (Nov 21, Nov 1–3).
    await usage.runJob(traffic("b", [23, 24, 21]));
    await usage.runJob(traffic("c", [1, 2, 3]));
    expect(await modelMismatches(), "stale until the next refresh").not.toEqual([]);
    const later = await refreshHourlyModelRollups(db);
    expect(later).toMatchObject({ ran: true, filled: false });
    expect(later.hours).toBeGreaterThan(0);
    expect(await modelMismatches()).toEqual([]);
    await expectHourlyEquality("after late and back-dated jobs");

    // Re-rating: as if the events were old (past the watermark's overlap), only the re-rated hours name their hours.
    await pool.query("UPDATE usage_events SET inserted_at = inserted_at - interval '1 day'");
    await pool.query("UPDATE hourly_model_refresh_state SET refreshed_through = now()");
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
      { actor: "system:hourly-model-rollups-test" as const, reason: "price for a model in use" },
    );
    await sweeps.runSweeps([{ reason: "price_change", tenantId }]);
    expect(await modelMismatches(), "re-rated hours are stale until the next refresh").not.toEqual([]);
    const rerated = await refreshHourlyModelRollups(db);
    expect(rerated.hours).toBeGreaterThan(0);
    expect(await modelMismatches()).toEqual([]);
    await expectHourlyEquality("after re-rating");

    // Recomputed, never incremented: a re-run over the same hours changes nothing.
    const before = await modelRows();
    await pool.query("UPDATE hourly_model_refresh_state SET refreshed_through = now() - interval '2 days'");
    expect((await refreshHourlyModelRollups(db)).hours).toBeGreaterThan(0);
    expect(await modelRows()).toEqual(before);
  });

  it("read hours newer than the last refresh (and the late margin before it) from the hourly rows", async () => {
    // A refresh as of Nov 25, 02:30Z: hours from 01:00Z on (the hour before it, the late margin) read hourly rows.
    await pool.query("UPDATE hourly_model_refresh_state SET refreshed_at = '2026-11-25T02:30:00Z'");
    // Nov 25, 01:17Z is inside the margin; the rest after the refresh. Neither has per-model rows yet.
    await usage.runJob(traffic("d", [25, 26]));
    const fresh = await pool.query("SELECT 1 FROM usage_rollups_hourly_models WHERE hour >= '2026-11-25T00:00:00Z'");
    expect(fresh.rows).toEqual([]);
    await expectHourlyEquality("fresh hours, not refreshed");
    // Hours before the cut still come from the per-model rows: a change there shows, one after it does not.
    await ageRollupChanges(pool);
    await pool.query(
      "UPDATE usage_rollups_hourly_models SET output_tokens = output_tokens + 1 WHERE hour = '2026-11-24T21:00:00Z'",
    );
    const around = RANGES[2]?.[1] ?? { from: new Date(), to: new Date() };
    expect((await explore(around))[0]).not.toEqual((await withHourlyRollupsOnly(() => explore(around)))[0]);
    await pool.query(
      "UPDATE usage_rollups_hourly_models SET output_tokens = output_tokens - 1 WHERE hour = '2026-11-24T21:00:00Z'",
    );
    // The next refresh takes them in, and reads stay the same.
    await refreshHourlyModelRollups(db);
    expect(await modelMismatches()).toEqual([]);
    expect(
      (await pool.query("SELECT 1 FROM usage_rollups_hourly_models WHERE hour >= '2026-11-25T00:00:00Z'")).rows,
    ).not.toEqual([]);
    await expectHourlyEquality("after the refresh");
  });
});
