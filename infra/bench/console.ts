/**
 * `npm run bench:console`: the usage explorer's and the usage summary's read queries over rollups equivalent to
 * `--events` (default 100 M) events over 90 days for one busy tenant, with `--tenants` (default 10,000) other tenants
 * in the same table; then the operators' analytics refresh (the first, over every day, and one of the last day) and
 * their cross-tenant reads. Rollup rows are generated directly with SQL (this measures reads, not the worker); then
 * p50 / p95 / max over `--samples` reads of each query. A script, not a test: numbers go to docs/benchmarks.md.
 * The operators' tenant list reads every tenant's plan and period totals (seeded too). `--keep` leaves the seeded
 * database (its URL printed) and `--database-url` reads one kept instead of seeding (the seed of the default scale
 * takes minutes); `--only` runs the cases whose name contains it, `--skip-refresh` skips the analytics refresh.
 */
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { createDbClient } from "@tollgate/db";
import { createTestDatabase } from "@tollgate/db/testing";
import { exploreUsage, summarizeUsage, withHourlyRollupsOnly } from "@tollgate/use-cases/usage";
import { analyticsCases, measureAnalyticsRefresh } from "./console/analytics-cases.ts";
import { seedConsoleRollups, type SeededRollups } from "./console/seed-rollups.ts";
import { seedTenantSpend } from "./console/seed-tenant-spend.ts";
import { tenantListCases } from "./console/tenant-cases.ts";

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
  // Days of a non-UTC zone: daily rows with the hours of the neighbouring local day moved (5 of 24 in New York),
  // and the same read from hourly rows only (how it was read before), for the ratio in one run.
  const newYork = () =>
    exploreUsage(db, seeded.busyTenant, {
      ...days(30),
      granularity: "day",
      timeZone: "America/New_York",
      groupBy: "model",
      filters: {},
    });
  cases.push(["explore daily 30 d New York by model", newYork]);
  cases.push(["  same, hourly rows only (before)", () => withHourlyRollupsOnly(newYork)]);
  cases.push([
    "explore hourly 7 d by model",
    () =>
      exploreUsage(db, seeded.busyTenant, {
        ...days(7),
        granularity: "hour",
        timeZone: "UTC",
        groupBy: "model",
        filters: {},
      }),
  ]);
  if (!values["skip-refresh"]) await measureAnalyticsRefresh(db, end);
  cases.push(...analyticsCases(db, end));
  cases.push(...(await tenantListCases(db, new Date(end.getTime() - 1))));
  for (const [name, run] of cases.filter(([name]) => name.includes(values.only))) {
    await run();
    const times: number[] = [];
    for (let index = 0; index < samples; index += 1) {
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
    console.log(
      `${name.padEnd(40)} p50 ${at(0.5).toFixed(1)} ms  p95 ${at(0.95).toFixed(1)} ms  max ${(times.at(-1) ?? 0).toFixed(1)} ms`,
    );
  }
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
