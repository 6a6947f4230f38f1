import { createDbClient, Prisma } from "@tollgate/db";
import { createTestDatabase } from "@tollgate/db/testing";
import { exploreUsage, refreshLocalDayRollups } from "@tollgate/use-cases/usage";
import { localDaySource } from "../../packages/use-cases/src/usage/local-day-source.ts";
import { seedConsoleRollups } from "./console/seed-rollups.ts";

const database = await createTestDatabase();
const db = createDbClient(database.url, { maxConnections: 4 });
try {
  const end = new Date(Date.UTC(2026, 10, 1));
  const start = new Date(end.getTime() - 90 * 86_400_000);
  const seeded = await seedConsoleRollups(database.url, { start, end, events: 100_000_000, tenants: 20, rowsPerHour: 300, rowsPerTenant: 200 });
  await db.$executeRaw`INSERT INTO usage_local_rollup_zones (tenant_id, time_zone) VALUES (${seeded.busyTenant}::uuid, 'America/New_York')`;
  await refreshLocalDayRollups(db);
  await db.$executeRaw`ANALYZE usage_rollups_daily_local`;
  const range = { from: new Date(end.getTime() - 30 * 86_400_000), to: end };
  const source = await localDaySource(db, seeded.busyTenant, range, "America/New_York");
  const plan = await db.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM ${source}`);
  console.log(plan.map((r) => r["QUERY PLAN"]).join("\n"));
  for (const zone of ["America/New_York", "America/Toronto", "UTC"]) {
    const q = () => exploreUsage(db, seeded.busyTenant, { ...range, granularity: "day", timeZone: zone, groupBy: "model", filters: {} });
    await q();
    const t: number[] = [];
    for (let i = 0; i < 10; i++) { const s = performance.now(); await q(); t.push(performance.now() - s); }
    t.sort((a, b) => a - b);
    console.log(zone, "p50", t[5]?.toFixed(1));
  }
  const c: number[] = [];
  for (let i = 0; i < 10; i++) { const s = performance.now(); await localDaySource(db, seeded.busyTenant, range, "America/New_York"); c.push(performance.now() - s); }
  c.sort((a, b) => a - b);
  console.log("cover p50", c[5]?.toFixed(1));
} finally {
  await db.$disconnect();
  await database.drop();
}
