import type { DbOrTx } from "@tollgate/db";
import {
  analyticsWindow,
  asOf,
  checkCurrency,
  exact,
  type AnalyticsQuery,
  type AnalyticsWindow,
} from "./analytics-window.ts";
import { isRankedWindow, tenantWindowsWeekTo } from "./tenant-windows.ts";

export interface TopTenantRow {
  tenantId: string;
  name: string;
  slug: string;
  tokens: string;
  events: string;
  /** Exact revenue in the query's currency. */
  revenue: string;
  /** Exact provider cost (USD) of the tenant's rated usage. */
  cost: string;
}

export interface TopTenants {
  asOf: string | null;
  currency: string;
  tenants: TopTenantRow[];
}

/** A top tenants row as Postgres returns it (sums as NUMERIC). */
export interface TopTenantSqlRow {
  tenant_id: string;
  name: string;
  slug: string;
  tokens: string;
  events: string;
  revenue: { toString(): string };
  cost: { toString(): string };
}

/**
 * The tenants billed in `currency` with the most revenue over the last N weeks (ties: more tokens, then id). For the
 * window lengths the refresh ranks (RANKED_WINDOW_WEEKS) ending with the week it last ranked, the first K rows of
 * usage_rollups_tenant_windows' rank index; otherwise every tenant's weeks of usage_rollups_tenant_weekly, grouped.
 * Both are sums of the same weekly rows, written in the same refresh transaction: the same answer at any instant.
 */
export async function getTopTenants(
  db: DbOrTx,
  query: AnalyticsQuery & { currency: string; limit: number },
): Promise<TopTenants> {
  const window = analyticsWindow(query);
  const currency = checkCurrency(query.currency);
  const ranked = isRankedWindow(query.weeks) && (await tenantWindowsWeekTo(db))?.getTime() === window.to.getTime();
  const [rows, refreshed] = await Promise.all([
    ranked
      ? rankedTopTenants(db, window, query.weeks, currency, query.limit)
      : groupedTopTenants(db, window, currency, query.limit),
    asOf(db),
  ]);
  return {
    asOf: refreshed,
    currency,
    tenants: rows.map((row) => ({
      tenantId: row.tenant_id,
      name: row.name,
      slug: row.slug,
      tokens: row.tokens,
      events: row.events,
      revenue: exact(row.revenue),
      cost: exact(row.cost),
    })),
  };
}

/** The first `limit` rows of the window's ranking, in the rank index's order. */
export function rankedTopTenants(
  db: DbOrTx,
  window: AnalyticsWindow,
  weeks: number,
  currency: string,
  limit: number,
): Promise<TopTenantSqlRow[]> {
  return db.$queryRaw<TopTenantSqlRow[]>`
    SELECT r.tenant_id::text AS tenant_id, t.name, t.slug, r.tokens::text AS tokens, r.event_count::text AS events,
           r.amount AS revenue, r.cost
      FROM usage_rollups_tenant_windows r
      JOIN tenants t ON t.id = r.tenant_id
     WHERE r.week_to = ${window.to} AND r.weeks = ${weeks} AND r.currency = ${currency}
     ORDER BY r.amount DESC, r.tokens DESC, r.tenant_id
     LIMIT ${limit}`;
}

/** Every tenant's weeks in the window grouped and ranked (~109,000 rows at 10,000 tenants and 12 weeks). */
export function groupedTopTenants(
  db: DbOrTx,
  window: AnalyticsWindow,
  currency: string,
  limit: number,
): Promise<TopTenantSqlRow[]> {
  return db.$queryRaw<TopTenantSqlRow[]>`
    WITH top AS (
      -- Ranked on the one sum the order needs (numeric sums are most of the cost over every tenant's weeks);
      -- the other sums only for the K tenants kept.
      SELECT tenant_id, sum(amount) AS revenue, sum(tokens) AS tokens
        FROM usage_rollups_tenant_weekly
       WHERE week >= ${window.from} AND week < ${window.to} AND currency = ${currency}
       GROUP BY tenant_id
       ORDER BY sum(amount) DESC, sum(tokens) DESC, tenant_id
       LIMIT ${limit}
    )
    SELECT top.tenant_id::text AS tenant_id, t.name, t.slug, top.tokens::text AS tokens, w.events::text AS events,
           top.revenue, w.cost
      FROM top
      JOIN tenants t ON t.id = top.tenant_id
      CROSS JOIN LATERAL (
        SELECT sum(event_count) AS events, sum(cost) AS cost
          FROM usage_rollups_tenant_weekly
         WHERE tenant_id = top.tenant_id AND week >= ${window.from} AND week < ${window.to}
           AND currency = ${currency}
      ) w
     ORDER BY top.revenue DESC, top.tokens DESC, top.tenant_id`;
}
