import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import {
  analyticsWindow,
  getTopTenants,
  groupedTopTenants,
  RANKED_WINDOW_WEEKS,
  rankedTopTenants,
  refreshAnalyticsRollups,
  tenantWindowsWeekTo,
} from "@tollgate/use-cases/analytics";

/**
 * Top tenants from the refresh's ranked windows (usage_rollups_tenant_windows) must equal the grouping of every
 * tenant's weekly rows (the read before) for every ranked window length and currency, with tied revenue and tokens,
 * a tenant whose currency changed mid-window, rows older than the longest window and in the current week: after the
 * first refresh, after one that touched a few tenants only, and after the week moved on.
 */
const NOW = new Date("2026-12-06T12:00:00Z");
const DAY_MS = 86_400_000;
let database: TestDatabase;
let db: Db;
const tenants: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 4 });
  const plan = await db.plan.create({ data: { code: "p", name: "P" } });
  const version = (number: number, currency: string) =>
    db.planVersion.create({
      data: { planId: plan.id, version: number, currency, status: "published", effectiveFrom: new Date(0) },
    });
  const [usd, eur] = [await version(1, "USD"), await version(2, "EUR")];
  for (let n = 0; n < 24; n += 1) {
    const id = (await db.tenant.create({ data: { name: `Tenant ${String(n)}`, slug: `t-${String(n)}` } })).id;
    tenants.push(id);
    const subscribe = (planVersionId: string, startsAt: Date, endsAt: Date | null = null) =>
      db.subscription.create({ data: { tenantId: id, planVersionId, startsAt, endsAt } });
    if (n % 4 === 1) await subscribe(usd.id, new Date("2025-01-01Z"));
    if (n % 4 === 2) await subscribe(eur.id, new Date("2025-01-01Z"));
    // Billed in EUR until ten weeks ago, in USD since: its weeks count in either currency's ranking.
    if (n % 4 === 3) {
      const change = new Date(NOW.getTime() - 70 * DAY_MS);
      await subscribe(eur.id, new Date("2025-01-01Z"), change);
      await subscribe(usd.id, change);
    }
  }
  // Over 60 weeks (beyond the longest window) up to today; amounts and tokens repeat so ranks tie.
  await db.usageRollupDaily.createMany({
    data: tenants.flatMap((tenantId, n) =>
      Array.from({ length: 40 }, (_, k) => ({
        tenantId,
        day: new Date(Date.UTC(2026, 11, 6) - ((k * 11 + n * 3) % 420) * DAY_MS),
        modelId: `m${String(k % 3)}`,
        agent: "",
        eventCount: BigInt(1 + (k % 4)),
        inputTokens: BigInt(((n % 5) + 1) * 100),
        outputTokens: BigInt(k % 2) * 10n,
        amount: (((n % 6) * (k % 5)) / 4).toString(),
        cost: "0.000000000000000000000000000001",
      })),
    ),
  });
  // Written an hour ago: a later refresh touches only rows written after the first.
  await db.$executeRaw`UPDATE usage_rollups_daily SET updated_at = now() - interval '1 hour'`;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const text = <T extends { revenue: { toString(): string }; cost: { toString(): string } }>(rows: T[]) =>
  rows.map((row) => ({ ...row, revenue: row.revenue.toString(), cost: row.cost.toString() }));

async function expectRankedEqualsGrouped(now: Date): Promise<void> {
  for (const weeks of RANKED_WINDOW_WEEKS) {
    const window = analyticsWindow({ weeks, now });
    expect(await tenantWindowsWeekTo(db)).toEqual(window.to);
    for (const currency of ["USD", "EUR"]) {
      const grouped = text(await groupedTopTenants(db, window, currency, 100));
      expect(grouped.length).toBeGreaterThan(3);
      expect(text(await rankedTopTenants(db, window, weeks, currency, 100))).toEqual(grouped);
      // The use case reads the ranked rows: the same top 5.
      const top = await getTopTenants(db, { weeks, now, currency, limit: 5 });
      expect(top.tenants.map((row) => row.tenantId)).toEqual(grouped.slice(0, 5).map((row) => row.tenant_id));
    }
  }
}

describe("top tenants from the ranked windows", () => {
  it("equal the grouped weekly rows after the first refresh", async () => {
    await refreshAnalyticsRollups(db, { now: NOW });
    const ranked = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM usage_rollups_tenant_windows`;
    expect(Number(ranked[0]?.n)).toBeGreaterThan(tenants.length * RANKED_WINDOW_WEEKS.length);
    await expectRankedEqualsGrouped(NOW);
  });

  it("equal them after a refresh that recomputed only the touched tenants", async () => {
    await db.usageRollupDaily.createMany({
      data: [0, 1, 2].map((n) => ({
        tenantId: tenants[n] ?? "",
        day: new Date(Date.UTC(2026, 10, 10 + n)),
        modelId: "late",
        agent: "",
        eventCount: 1n,
        inputTokens: 5n,
        amount: "1000",
        cost: "1",
      })),
    });
    // Daily rows written without events: named as changed the way the rating sweep names re-rated hours.
    await db.usageRollupChange.createMany({
      data: [0, 1, 2].map((n) => ({ tenantId: tenants[n] ?? "", hour: new Date(Date.UTC(2026, 10, 10 + n)) })),
    });
    await refreshAnalyticsRollups(db, { now: NOW });
    await expectRankedEqualsGrouped(NOW);
    const [leader] = await rankedTopTenants(db, analyticsWindow({ weeks: 4, now: NOW }), 4, "USD", 1);
    expect(leader?.tenant_id).toBe(tenants[1]);
  });

  it("move with the week: the next week's first refresh ranks every tenant's new windows", async () => {
    const later = new Date(NOW.getTime() + 7 * DAY_MS);
    await refreshAnalyticsRollups(db, { now: later });
    await expectRankedEqualsGrouped(later);
  });

  it("a window length or week the refresh did not rank is grouped, with the same answer", async () => {
    const top = await getTopTenants(db, { weeks: 5, now: NOW, currency: "USD", limit: 3 });
    const grouped = await groupedTopTenants(db, analyticsWindow({ weeks: 5, now: NOW }), "USD", 3);
    expect(top.tenants.map((row) => row.tenantId)).toEqual(grouped.map((row) => row.tenant_id));
    expect(top.tenants).toHaveLength(3);
  });
});
