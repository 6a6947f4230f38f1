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
