/**
 * `npm run bench:console`: the usage explorer's and the usage summary's read queries over rollups equivalent to
 * `--events` (default 100 M) events over 90 days for one busy tenant, with `--tenants` (default 10,000) other tenants
 * in the same table; then the operators' analytics refresh (the first, over every day, then one after a small change,
 * over 2 M stored events) and their cross-tenant reads. Rollup rows are generated directly with SQL (this measures
 * reads, not the worker; the per-model hourly and local-day rollups are filled by their refreshes, timed); then p50 / p95 / max over `--samples` reads of each query. A script, not a test: numbers go to docs/benchmarks.md.
 * The operators' tenant list reads every tenant's plan and period totals (seeded too). The tenant overview's reads
 * (forecast, upcoming invoice, budgets, top keys / agents / tasks, alerts, and the page's reads together) run on
 * the busy tenant with its task totals, alerts, credit grants, budgets and ledger totals seeded at that scale. `--keep` leaves the seeded
 * database (its URL printed) and `--database-url` reads one kept instead of seeding (the seed of the default scale
 * takes minutes); `--only` runs the cases whose name contains it, `--skip-refresh` skips the analytics refresh.
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createDbClient } from "@tollgate/db";
import { createTestDatabase } from "@tollgate/db/testing";
import { addDays, zoneDayOf, zoneDayStart } from "@tollgate/domain";
import {
  exploreUsage,
  refreshHourlyModelRollups,
  refreshLocalDayRollups,
  summarizeUsage,
  withHourlyRollupsOnly,
} from "@tollgate/use-cases/usage";
import { analyticsCases, measureAnalyticsRefresh } from "./console/analytics-cases.ts";
import { seedConsoleRollups, type SeededRollups } from "./console/seed-rollups.ts";
import { seedTenantSpend } from "./console/seed-tenant-spend.ts";
import { hourlyModelCases } from "./console/hourly-model-cases.ts";
import { overviewCases } from "./console/overview-cases.ts";
import { seedOverviewReads } from "./console/seed-overview.ts";
import { tenantListCases } from "./console/tenant-cases.ts";

/** The console's usage page as it opens for a tenant in New York: its last 30 local days, sent as their starts. */
const CONSOLE_ZONE_CASE = "explore 30 local days in the tenant's zone as the console sends them";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "100000000" },
    tenants: { type: "string", default: "10000" },
    /** Rollup rows per hour of the busy tenant: (model, key, customer, agent) combinations active in an hour. */
    "rows-per-hour": { type: "string", default: "300" },
    /** Rollup rows of each other tenant (spread over the 90 days). */
    "rows-per-tenant": { type: "string", default: "200" },
    samples: { type: "string", default: "30" },
    keep: { type: "boolean", default: false },
    "database-url": { type: "string" },
    only: { type: "string", default: "" },
    "skip-refresh": { type: "boolean", default: false },
  },
  strict: true,
});
const events = Number(values.events);
const tenants = Number(values.tenants);
const rowsPerHour = Number(values["rows-per-hour"]);
const rowsPerTenant = Number(values["rows-per-tenant"]);
const samples = Number(values.samples);

const kept = values["database-url"];
const database = kept === undefined ? await createTestDatabase() : { url: kept, drop: () => Promise.resolve() };
const db = createDbClient(database.url, { maxConnections: 4 });
try {
  const end = new Date(Date.UTC(2026, 10, 1));
  const start = new Date(end.getTime() - 90 * 86_400_000);
  const seedStarted = performance.now();
  let seeded: SeededRollups;
  if (kept === undefined) {
    seeded = await seedConsoleRollups(database.url, { start, end, events, tenants, rowsPerHour, rowsPerTenant });
    await seedTenantSpend(database.url, new Date(end.getTime() - 1));
    if (values.keep) console.log(`kept database: ${database.url}`);
  } else {
    seeded = await keptRollups(db);
  }
  // The overview's other tables (task totals, alerts, grants, budgets, ledger totals); added to a kept database
  // seeded before them.
  const overviewSeeded = performance.now();
  if (await seedOverviewReads(database.url, seeded.busyTenant, new Date(end.getTime() - 1))) {
    console.log(`overview reads' tables seeded in ${((performance.now() - overviewSeeded) / 1000).toFixed(1)} s`);
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  console.log(
    `bench:console ${new Date().toISOString()} on ${String(cpus().length)} × ${cpus()[0]?.model ?? "cpu"}, ` +
      `Node ${process.version}`,
  );
  console.log(
    `rollup rows: ${seeded.busyRows.toLocaleString("en-US")} for the busy tenant (${events.toLocaleString("en-US")} ` +
      `events over 90 days), ${seeded.otherRows.toLocaleString("en-US")} for ${tenants.toLocaleString("en-US")} ` +
      `other tenants; seeded in ${seedSeconds.toFixed(1)} s`,
  );
  const days = (n: number) => ({ from: new Date(end.getTime() - n * 86_400_000), to: end });
  const cases: [string, () => Promise<unknown>][] = [];
  for (const n of [30, 90]) {
    for (const groupBy of ["model", "api_key"] as const) {
      cases.push([
        `explore daily ${String(n)} d by ${groupBy}`,
        () =>
          exploreUsage(db, seeded.busyTenant, {
            ...days(n),
            granularity: "day",
            timeZone: "UTC",
            groupBy,
            filters: {},
          }),
      ]);
    }
    cases.push([
      `summary ${String(n)} d (totals + daily)`,
      () => summarizeUsage(db, seeded.busyTenant, days(n), { daily: true }),
    ]);
  }
  // Days of the tenant's own zone: its local-day rollups, filled by the worker's refresh (timed here), against the
  // path without them (Toronto keeps New York's rules but no local rows: daily rows with the hours of the
  // neighbouring local day moved) and the hourly rows only. Interleaved sample by sample, so load hits each alike.
  // The console sends a range of the zone's days as their starts (zoneDayStart), so it has no partial day.
  const consoleDays = (timeZone: string) => {
    const last = zoneDayOf(new Date(end.getTime() - 1), timeZone);
    return { from: zoneDayStart(addDays(last, -29), timeZone), to: zoneDayStart(addDays(last, 1), timeZone) };
  };
  const zoneRead = (range: { from: Date; to: Date }, timeZone: string) => () =>
    exploreUsage(db, seeded.busyTenant, { ...range, granularity: "day", timeZone, groupBy: "model", filters: {} });
  const zoneCases: [string, () => Promise<unknown>][] = [
    [CONSOLE_ZONE_CASE, zoneRead(consoleDays("America/New_York"), "America/New_York")],
    [
      "  same days, zone rules without local rows (Toronto)",
      zoneRead(consoleDays("America/Toronto"), "America/Toronto"),
    ],
    [
      "  same days, hourly rows only",
      () => withHourlyRollupsOnly(zoneRead(consoleDays("America/New_York"), "America/New_York")),
    ],
    ["explore daily 30 d UTC by model, for scale", zoneRead(days(30), "UTC")],
    ["explore 30 d of UTC midnights in New York days (partial ends)", zoneRead(days(30), "America/New_York")],
  ];
  // The block runs whole (its comparisons belong together) when --only names any of it.
  const zoneSelected = zoneCases.some(([name]) => name.includes(values.only)) ? zoneCases : [];
  if (zoneSelected.length > 0) {
    await db.$executeRaw`INSERT INTO usage_local_rollup_zones (tenant_id, time_zone)
                         VALUES (${seeded.busyTenant}::uuid, 'America/New_York') ON CONFLICT DO NOTHING`;
    const fillStarted = performance.now();
    const filled = await refreshLocalDayRollups(db);
    // As autovacuum would soon after a zone's first fill: without statistics the planner takes the table for empty.
    await db.$executeRaw`ANALYZE usage_rollups_daily_local`;
    const localRows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM usage_rollups_daily_local`;
    console.log(
      `local-day rollups: zone filled in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s ` +
        `(${String(filled.zonesFilled)} zone, ${String(localRows[0]?.n ?? 0n)} rows)`,
    );
    await measureInterleaved(zoneSelected);
  }
  // Reads by model: the per-model hourly rollups, filled by the worker's refresh (timed here), against the path
  // before them, interleaved sample by sample.
  const hourlyCases = hourlyModelCases(db, seeded.busyTenant, {
    week: days(7),
    torontoDays: consoleDays("America/Toronto"),
    newYorkUtcMidnights: days(30),
  });
  const hourlySelected = hourlyCases.some(([name]) => name.includes(values.only)) ? hourlyCases : [];
  if (hourlySelected.length > 0) {
    const fillStarted = performance.now();
    // The first refresh fills every hour and analyzes the table (a kept database's is already filled).
    const filled = await refreshHourlyModelRollups(db);
    const modelRows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM usage_rollups_hourly_models`;
    console.log(
      `per-model hourly rollups: ${filled.filled ? "filled" : "refreshed"} in ` +
        `${((performance.now() - fillStarted) / 1000).toFixed(1)} s (${String(modelRows[0]?.n ?? 0n)} rows)`,
    );
    await measureInterleaved(hourlySelected);
  }
  if (!values["skip-refresh"]) {
    await measureAnalyticsRefresh(db, start, end);
    if (hourlySelected.length > 0) {
      // The steady state: the hours of the small changes recorded by the analytics refresh's rounds.
      const at = performance.now();
      const result = await refreshHourlyModelRollups(db);
      console.log(
        `per-model hourly refresh after the small changes: ${String(result.hours)} hours in ` +
          `${(performance.now() - at).toFixed(0)} ms`,
      );
    }
  }
  cases.push(...overviewCases(db, seeded.busyTenant, new Date(end.getTime() - 1)));
  cases.push(...analyticsCases(db, end));
  cases.push(...(await tenantListCases(db, new Date(end.getTime() - 1))));
  // Interleaved, so a case and its "before" variant next to it see the same load.
  await measureInterleaved(cases.filter(([name]) => name.includes(values.only)));
} finally {
  await db.$disconnect();
  if (!values.keep) await database.drop();
}

/** The busy tenant and the row counts of a database seeded (and kept) by an earlier run. */
async function keptRollups(client: typeof db): Promise<SeededRollups> {
  const [row] = await client.$queryRaw<{ id: string; busy: bigint; other: bigint }[]>`
    SELECT t.id::text AS id,
           (SELECT count(*) FROM usage_rollups_hourly WHERE tenant_id = t.id) AS busy,
           (SELECT count(*) FROM usage_rollups_hourly WHERE tenant_id <> t.id) AS other
      FROM tenants t WHERE t.slug = 'bench-busy'`;
  if (!row) throw new Error("no bench-busy tenant: not a database this bench seeded");
  return { busyTenant: row.id, busyRows: Number(row.busy), otherRows: Number(row.other) };
}

/** Runs each case once (warm-up), then `samples` rounds of every case in turn; prints p50 / p95 / max of each. */
async function measureInterleaved(list: readonly (readonly [string, () => Promise<unknown>])[]): Promise<void> {
  for (const [, run] of list) await run();
  const times = list.map((): number[] => []);
  for (let index = 0; index < samples; index += 1) {
    for (const [position, [, run]] of list.entries()) {
      const started = performance.now();
      await run();
      times[position]?.push(performance.now() - started);
    }
  }
  for (const [position, [name]] of list.entries()) {
    const sorted = [...(times[position] ?? [])].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    console.log(
      `${name.padEnd(58)} p50 ${at(0.5).toFixed(1)} ms  p95 ${at(0.95).toFixed(1)} ms  ` +
        `max ${(sorted.at(-1) ?? 0).toFixed(1)} ms  (load ${loadavg()[0]?.toFixed(1) ?? "?"})`,
    );
  }
}
