import { billingPeriodStart } from "@tollgate/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, Prisma, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { listTenantOverview, type TenantOverviewQuery, type TenantOverviewRow } from "@tollgate/use-cases/tenants";

/**
 * The tenant list sorted by spend reads every tenant's period totals in one set-based pass: its order must be the
 * one a per-tenant reading of ledger_period_totals gives (the query before, kept here as the oracle), over tenants
 * with different billing anchor days, plans in USD and EUR (ended, current and future subscriptions), charges in the
 * other currency, other ledger kinds, the previous period and late usage, with many equal spends.
 */
const NOW = new Date("2026-12-06T12:00:00Z");
const ANCHORS = [1, 5, 6, 7, 15, 28, 31];
const AMOUNTS = ["0", "1.5", "2.000000000000000000000000000001", "2", "1.5", "7.25"];
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 4 });
  const plan = await db.plan.create({ data: { code: "pro", name: "Pro" } });
  const version = (number: number, currency: string) =>
    db.planVersion.create({
      data: { planId: plan.id, version: number, status: "published", currency, effectiveFrom: new Date(0) },
    });
  const [usd, eur] = [await version(1, "USD"), await version(2, "EUR")];
  let sequence = 0;
  const entry = async (tenantId: string, occurredAt: Date, amount: string, currency: string, kind = "usage_charge") => {
    sequence += 1;
    await db.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
        idempotency_key, description)
      VALUES (${tenantId}::uuid, ${kind}::ledger_entry_kind, ${amount}::numeric, ${currency}, 'acme/model', 'output',
        10, ${occurredAt}, ${`overview-${sequence.toString()}`}, 'usage')`;
  };
  for (let n = 0; n < 36; n += 1) {
    const anchor = ANCHORS[n % ANCHORS.length] ?? 1;
    const tenant = await db.tenant.create({
      data: { name: `Tenant ${String(n % 9)}`, slug: `tenant-${String(n)}`, billingAnchorDay: anchor },
    });
    // Plans: none (USD), USD, EUR, EUR ended last year then USD now, USD now and EUR from next year.
    const currency = ["USD", "USD", "EUR", "USD", "USD"][n % 5] ?? "USD";
    const subscribe = (planVersionId: string, startsAt: Date, endsAt: Date | null = null) =>
      db.subscription.create({ data: { tenantId: tenant.id, planVersionId, startsAt, endsAt } });
    if (n % 5 === 1) await subscribe(usd.id, new Date("2026-01-01Z"));
    if (n % 5 === 2) await subscribe(eur.id, new Date("2026-01-01Z"));
    if (n % 5 === 3) {
      await subscribe(eur.id, new Date("2025-01-01Z"), new Date("2026-01-01Z"));
      await subscribe(usd.id, new Date("2026-01-01Z"));
    }
    if (n % 5 === 4) {
      await subscribe(usd.id, new Date("2026-01-01Z"));
      await subscribe(eur.id, new Date("2027-01-01Z"));
    }
    const period = billingPeriodStart(NOW, anchor);
    const previous = billingPeriodStart(new Date(period.getTime() - 1), anchor);
    const amount = AMOUNTS[n % AMOUNTS.length] ?? "0";
    if (n % 4 !== 3) await entry(tenant.id, period, amount, currency);
    if (n % 3 === 0) await entry(tenant.id, new Date(period.getTime() + 3_600_000), "0.5", currency);
    await entry(tenant.id, previous, "3", currency);
    await entry(tenant.id, period, "100", currency === "USD" ? "EUR" : "USD");
    await entry(tenant.id, period, "-40", currency, "adjustment");
  }
  // Late usage: a tenant whose previous period is finalized; its late charge is billed on this period but is not
  // this period's spend.
  const late = await db.tenant.create({ data: { name: "Late", slug: "late" } });
  const period = billingPeriodStart(NOW, 1);
  await db.tenant.update({ where: { id: late.id }, data: { billedThrough: period } });
  await entry(late.id, new Date(period.getTime() - 86_400_000), "9", "USD");
  await entry(late.id, period, "1.5", "USD");
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

/** The spend order as the list read it before: each tenant's plan and period totals looked up one by one. */
async function oracle(search: string): Promise<{ id: string; spend: string }[]> {
  const matches =
    search === "" ? Prisma.sql`TRUE` : Prisma.sql`(t.name ILIKE ${`${search}%`} OR t.slug ILIKE ${`${search}%`})`;
  return db.$queryRaw<{ id: string; spend: string }[]>`
    SELECT t.id::text AS id, coalesce(cur.amount, 0)::text AS spend
      FROM tenants t
      LEFT JOIN LATERAL (
        SELECT trim(v.currency) AS currency
          FROM subscriptions s JOIN plan_versions v ON v.id = s.plan_version_id
         WHERE s.tenant_id = t.id AND s.starts_at <= ${NOW} AND (s.ends_at IS NULL OR s.ends_at > ${NOW})
         ORDER BY s.starts_at DESC LIMIT 1
      ) plan ON TRUE
      LEFT JOIN LATERAL (
        SELECT sum(l.amount) AS amount
          FROM ledger_period_totals l
         WHERE l.tenant_id = t.id AND l.billed_period_start = billing_period_start(${NOW}, t.billing_anchor_day)
           AND l.origin_period_start = billing_period_start(${NOW}, t.billing_anchor_day)
           AND l.kind = 'usage_charge' AND trim(l.currency) = coalesce(plan.currency, 'USD')
      ) cur ON TRUE
     WHERE ${matches}
     ORDER BY coalesce(cur.amount, 0) DESC, t.id`;
}

async function allPages(query: Omit<TenantOverviewQuery, "after" | "now">): Promise<TenantOverviewRow[]> {
  const rows: TenantOverviewRow[] = [];
  let after: TenantOverviewQuery["after"] = null;
  do {
    const page = await listTenantOverview(db, { ...query, after, now: NOW });
    expect(page.tenants.length).toBeLessThanOrEqual(query.limit);
    rows.push(...page.tenants);
    after = page.next;
  } while (after !== null);
  return rows;
}

const exact = (value: string) => new Prisma.Decimal(value).toFixed();

describe("listTenantOverview sorted by spend", () => {
  it("orders every tenant as the per-tenant reading did, paging through ties without duplicates or gaps", async () => {
    const expected = await oracle("");
    expect(new Set(expected.map((row) => row.spend)).size).toBeLessThan(expected.length / 3);
    for (const limit of [1, 4, 7, 200]) {
      const rows = await allPages({ sort: "spend", limit });
      expect(rows.map((row) => [row.id, row.spend])).toEqual(expected.map((row) => [row.id, exact(row.spend)]));
    }
  });

  it("leaves late usage and other currencies and kinds out of this period's spend", async () => {
    const rows = await allPages({ sort: "spend", limit: 200 });
    expect(rows.find((row) => row.slug === "late")).toMatchObject({ spend: "1.5", previousSpend: "9" });
    expect(rows[0]?.spend).toBe("7.25");
    expect(rows.at(-1)?.spend).toBe("0");
  });

  it("pages a search sorted by spend as the per-tenant reading orders it", async () => {
    for (const search of ["tenant 3", "TENANT"]) {
      const expected = await oracle(search);
      expect(expected.length).toBeGreaterThan(2);
      const rows = await allPages({ sort: "spend", search, limit: 2 });
      expect(rows.map((row) => [row.id, row.spend])).toEqual(expected.map((row) => [row.id, exact(row.spend)]));
    }
  });

  it("gives each row the same fields sorted by spend as by name", async () => {
    const bySpend = await allPages({ sort: "spend", limit: 5 });
    const byName = new Map((await allPages({ sort: "name", limit: 5 })).map((row) => [row.id, row]));
    expect(byName.size).toBe(bySpend.length);
    for (const row of bySpend) expect(row).toEqual(byName.get(row.id));
  });
});

describe("listTenantOverview growth", () => {
  /** An hour of rated usage as the worker rolls it up with its charges: into its hour's and its UTC day's rows. */
  const rollup = async (tenantId: string, hour: string, amount: string, model = "acme/model") => {
    await db.$executeRaw`
      INSERT INTO usage_rollups_hourly (tenant_id, hour, model_id, event_count, amount)
      VALUES (${tenantId}::uuid, ${new Date(hour)}, ${model}, 1, ${amount}::numeric)`;
    await db.$executeRaw`
      INSERT INTO usage_rollups_daily (tenant_id, day, model_id, event_count, amount)
      VALUES (${tenantId}::uuid, date_trunc('day', ${new Date(hour)}::timestamptz, 'UTC'), ${model}, 1,
              ${amount}::numeric)
      ON CONFLICT (tenant_id, day, model_id, api_key_id, customer, agent)
      DO UPDATE SET event_count = usage_rollups_daily.event_count + 1,
                    amount = usage_rollups_daily.amount + excluded.amount`;
  };
  const charge = (tenantId: string, occurredAt: string, amount: string, key: string) =>
    db.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
        idempotency_key, description)
      VALUES (${tenantId}::uuid, 'usage_charge', ${amount}::numeric, 'USD', 'acme/model', 'output', 10,
        ${new Date(occurredAt)}, ${key}, 'usage')`;

  it("compares this period so far with the previous one up to the same point, to the hour", async () => {
    // NOW is 5 days 12 hours into December (anchor 1): November counts up to Nov 6 12:00.
    const monthly = await db.tenant.create({ data: { name: "Growth monthly", slug: "growth-monthly" } });
    await charge(monthly.id, "2026-12-02T00:00:00Z", "10.000000000000000000000000000003", "growth-m-now");
    await charge(monthly.id, "2026-11-20T00:00:00Z", "55", "growth-m-prev");
    await rollup(monthly.id, "2026-11-01T00:00:00Z", "4.000000000000000000000000000001");
    await rollup(monthly.id, "2026-11-06T11:00:00Z", "0.5");
    await rollup(monthly.id, "2026-11-06T11:00:00Z", "0.5", "other/model");
    await rollup(monthly.id, "2026-11-06T12:00:00Z", "50");
    await rollup(monthly.id, "2026-10-31T23:00:00Z", "1000");
    // Anchor 15: 21 days 12 hours into the period that began Nov 15, so October 15's counts up to Nov 5 12:00.
    const mid = await db.tenant.create({ data: { name: "Growth mid", slug: "growth-mid", billingAnchorDay: 15 } });
    await charge(mid.id, "2026-11-16T00:00:00Z", "2", "growth-mid-now");
    await rollup(mid.id, "2026-10-15T00:00:00Z", "3");
    await rollup(mid.id, "2026-11-05T11:00:00Z", "1");
    await rollup(mid.id, "2026-11-05T12:00:00Z", "100");
    await rollup(mid.id, "2026-11-15T00:00:00Z", "7");
    // Usage last period only after the same point: nothing to compare with yet.
    const late = await db.tenant.create({ data: { name: "Growth later", slug: "growth-later" } });
    await charge(late.id, "2026-12-01T00:00:00Z", "3", "growth-l-now");
    await rollup(late.id, "2026-11-25T00:00:00Z", "9");

    const page = await listTenantOverview(db, { search: "growth", sort: "name", after: null, limit: 10, now: NOW });
    const rows = new Map(page.tenants.map((row) => [row.slug, row]));
    expect(rows.get("growth-monthly")).toMatchObject({
      spend: "10.000000000000000000000000000003",
      previousSpend: "55",
      previousSpendToDate: "5.000000000000000000000000000001",
      // (10.000…003 − 5.000…001) / 5.000…001, exact before rounding: a hair under +100 %.
      growth: "1",
    });
    expect(rows.get("growth-mid")).toMatchObject({ spend: "2", previousSpendToDate: "4", growth: "-0.5" });
    expect(rows.get("growth-later")).toMatchObject({ spend: "3", previousSpendToDate: "0", growth: null });

    // An hour later the hour of Nov 6 12:00 counts too; sorted by spend the rows say the same.
    const later = await listTenantOverview(db, {
      search: "growth-m",
      sort: "spend",
      after: null,
      limit: 10,
      now: new Date(NOW.getTime() + 3_600_000),
    });
    expect(later.tenants[0]).toMatchObject({
      slug: "growth-monthly",
      previousSpendToDate: "55.000000000000000000000000000001",
    });
  });
});
