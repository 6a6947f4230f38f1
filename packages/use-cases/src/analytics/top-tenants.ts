import type { DbOrTx } from "@tollgate/db";
import { analyticsWindow, asOf, checkCurrency, exact, type AnalyticsQuery } from "./analytics-window.ts";

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

/**
 * The tenants billed in `currency` with the most revenue over the last N weeks (ties: more tokens, then id), from
 * usage_rollups_tenant_weekly (one row per tenant and week): never a scan of every tenant's daily rows.
 */
export async function getTopTenants(
  db: DbOrTx,
  query: AnalyticsQuery & { currency: string; limit: number },
): Promise<TopTenants> {
  const window = analyticsWindow(query);
  const currency = checkCurrency(query.currency);
  const [rows, refreshed] = await Promise.all([
    db.$queryRaw<
      {
        tenant_id: string;
        name: string;
        slug: string;
        tokens: string;
        events: string;
        revenue: { toString(): string };
        cost: { toString(): string };
      }[]
    >`
      WITH top AS (
        -- Ranked on the one sum the order needs (numeric sums are most of the cost over every tenant's weeks);
        -- the other sums only for the K tenants kept.
        SELECT tenant_id, sum(amount) AS revenue, sum(tokens) AS tokens
          FROM usage_rollups_tenant_weekly
         WHERE week >= ${window.from} AND week < ${window.to} AND currency = ${currency}
         GROUP BY tenant_id
         ORDER BY sum(amount) DESC, sum(tokens) DESC, tenant_id
         LIMIT ${query.limit}
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
       ORDER BY top.revenue DESC, top.tokens DESC, top.tenant_id`,
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
