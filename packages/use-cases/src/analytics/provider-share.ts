import { money, toDecimalString, type Money } from "@tollgate/domain";
import { Prisma, type DbOrTx } from "@tollgate/db";
import {
  ALL_TOKENS_SQL,
  analyticsWindow,
  asOf,
  checkCurrency,
  exact,
  ratio,
  type AnalyticsQuery,
} from "./analytics-window.ts";

/** The provider of usage whose model is not in the catalog (unrated usage of an unknown model). */
export const UNKNOWN_PROVIDER = "unknown";

export interface ProviderShareRow {
  provider: string;
  tokens: string;
  /** tokens / all tokens, rounded half-even to 6 places. */
  share: string;
  /** Revenue of the tenants billed in the query's currency, exact. */
  revenue: string;
}

export interface ProviderShare {
  asOf: string | null;
  from: string;
  to: string;
  currency: string;
  tokens: string;
  revenue: string;
  /** Largest token volume first. */
  providers: ProviderShareRow[];
}

/** Every tenant's tokens per provider (models.provider) over the last N weeks, with each one's share and revenue. */
export async function getProviderShare(
  db: DbOrTx,
  query: AnalyticsQuery & { currency: string },
): Promise<ProviderShare> {
  const window = analyticsWindow(query);
  const currency = checkCurrency(query.currency);
  const [rows, refreshed] = await Promise.all([
    db.$queryRaw<{ provider: string | null; tokens: string; revenue: { toString(): string } | null }[]>`
      SELECT m.provider, sum(${Prisma.raw(ALL_TOKENS_SQL)})::text AS tokens,
             sum(g.amount) FILTER (WHERE g.currency = ${currency}) AS revenue
        FROM usage_rollups_global_daily g LEFT JOIN models m ON m.id = g.model_id
       WHERE g.day >= ${window.from} AND g.day < ${window.to}
       GROUP BY m.provider`,
    asOf(db),
  ]);
  // A real provider named like UNKNOWN_PROVIDER shares its row: keyed by name, summed.
  const merged = new Map<string, { tokens: bigint; revenue: Money }>();
  for (const row of rows) {
    const provider = row.provider ?? UNKNOWN_PROVIDER;
    const before = merged.get(provider) ?? { tokens: 0n, revenue: money("0") };
    merged.set(provider, {
      tokens: before.tokens + BigInt(row.tokens),
      revenue: before.revenue.plus(money(exact(row.revenue))),
    });
  }
  const total = [...merged.values()].reduce((sum, row) => sum + row.tokens, 0n);
  const revenue = [...merged.values()].reduce((sum, row) => sum.plus(row.revenue), money("0"));
  const providers = [...merged]
    .sort(([a, x], [b, y]) => (x.tokens === y.tokens ? a.localeCompare(b) : x.tokens > y.tokens ? -1 : 1))
    .map(([provider, row]) => ({
      provider,
      tokens: row.tokens.toString(),
      share: ratio(row.tokens.toString(), total.toString()) ?? "0",
      revenue: toDecimalString(row.revenue),
    }));
  return {
    asOf: refreshed,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    currency,
    tokens: total.toString(),
    revenue: toDecimalString(revenue),
    providers,
  };
}
