import type { Db } from "@tollgate/db";
import { listTenantOverview, type TenantOverviewQuery } from "@tollgate/use-cases/tenants";

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
    ["tenants by spend, page after 5,000", list({ sort: "spend", after: bySpend })],
    ['tenants search "bench tenant 12", name', list({ search: "bench tenant 12", sort: "name", after: null })],
    ['tenants search "bench tenant 12", spend', list({ search: "bench tenant 12", sort: "spend", after: null })],
  ];
}
