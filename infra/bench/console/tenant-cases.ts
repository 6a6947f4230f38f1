import { Prisma, type Db } from "@tollgate/db";
import { listTenantOverview, periodSpendTotals, type TenantOverviewQuery } from "@tollgate/use-cases/tenants";

/**
 * The operators' tenant list over every seeded tenant: the first page and a later one (its keyset from the page
 * before) by name and by this period's spend, and a name search, 50 rows a page as the console asks.
 */
export async function tenantListCases(db: Db, now: Date): Promise<[string, () => Promise<unknown>][]> {
  const list = (query: Omit<TenantOverviewQuery, "limit" | "now">) => () =>
    listTenantOverview(db, { ...query, limit: 50, now });
  // A page deep into each order: the keyset of the 5,000th row (or the last, with fewer tenants).
  const deep = async (sort: "name" | "spend") =>
    (await listTenantOverview(db, { sort, after: null, limit: 5000, now })).next;
  const [byName, bySpend] = [await deep("name"), await deep("spend")];
  return [
    ["tenants by name, first page", list({ sort: "name", after: null })],
    ["tenants by name, page after 5,000", list({ sort: "name", after: byName })],
    ["tenants by spend, first page", list({ sort: "spend", after: null })],
    ["tenants by spend, ranking alone: tenant_period_spend", () => spendRanking(db, now, periodSpendTotals)],
    ["tenants by spend, ranking alone: ledger_period_totals (before)", () => spendRanking(db, now, ledgerSums)],
    ["tenants by spend, page after 5,000", list({ sort: "spend", after: bySpend })],
    ['tenants search "bench tenant 12", name', list({ search: "bench tenant 12", sort: "name", after: null })],
    ['tenants search "bench tenant 12", spend', list({ search: "bench tenant 12", sort: "spend", after: null })],
  ];
}

/** Every tenant's current-period usage charges per period and currency summed from ledger_period_totals (before). */
function ledgerSums(from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT l.tenant_id, l.billed_period_start AS period_start, trim(l.currency) AS currency, sum(l.amount) AS amount
      FROM ledger_period_totals l
     WHERE l.kind = 'usage_charge' AND l.billed_period_start = l.origin_period_start
       AND l.billed_period_start >= ${from} AND l.billed_period_start <= ${to}
     GROUP BY 1, 2, 3`;
}

/** The first 51 tenants by this period's spend in their plan's currency (the list's spend order, nothing else). */
async function spendRanking(db: Db, now: Date, sums: (from: Date, to: Date) => Prisma.Sql): Promise<unknown> {
  return db.$queryRaw`
    SELECT t.id, coalesce(cur.amount, 0) AS spend
      FROM tenants t
      LEFT JOIN (
        SELECT DISTINCT ON (sub.tenant_id) sub.tenant_id, trim(v.currency) AS currency
          FROM subscriptions sub JOIN plan_versions v ON v.id = sub.plan_version_id
         WHERE sub.starts_at <= ${now} AND (sub.ends_at IS NULL OR sub.ends_at > ${now})
         ORDER BY sub.tenant_id, sub.starts_at DESC
      ) plan ON plan.tenant_id = t.id
      LEFT JOIN (${sums(new Date(now.getTime() - 32 * 86_400_000), now)}) cur
        ON cur.tenant_id = t.id AND cur.currency = coalesce(plan.currency, 'USD')
       AND cur.period_start = billing_period_start(${now}, t.billing_anchor_day, t.next_billing_anchor_day,
                                                   t.billing_anchor_changes_at)
     ORDER BY 2 DESC, 1
     LIMIT 51`;
}
