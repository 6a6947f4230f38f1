import { allocateRoundedLines, money, roundToMinorUnit, toDecimalString, type Money } from "@tollgate/domain";
import { Prisma, type DbOrTx } from "@tollgate/db";
import { analyticsWindow, asOf, checkCurrency, exact, ratio, type AnalyticsQuery } from "./analytics-window.ts";
import { UNKNOWN_PROVIDER } from "./provider-share.ts";

/** Provider cost rates are USD (model_cost_rates): a margin is only revenue minus cost in the same currency. */
export const COST_CURRENCY = "USD";
export const MARGIN_GROUPS = ["model", "provider"] as const;
export type MarginGroup = (typeof MARGIN_GROUPS)[number];

export interface MarginAmounts {
  /** Exact revenue (query's currency) and provider cost (USD); rounded: to minor units, lines adding up to the total. */
  revenue: string;
  cost: string;
  roundedRevenue: string;
  roundedCost: string;
  /** Revenue − cost, exact and as the rounded lines' difference; null unless the currency is USD. */
  margin: string | null;
  roundedMargin: string | null;
  /** margin / revenue (0.25 = 25 %), exact ratio rounded to 6 places; null without revenue or margin. */
  marginRatio: string | null;
}

export interface MarginRow extends MarginAmounts {
  /** A model id or a provider. */
  key: string;
}

export interface Margin {
  asOf: string | null;
  by: MarginGroup;
  currency: string;
  costCurrency: typeof COST_CURRENCY;
  total: MarginAmounts;
  /** Largest revenue first. */
  rows: MarginRow[];
}

/**
 * Revenue (tenants billed in `currency`) against provider cost (the dated provider cost rates the worker applied to
 * each rated event, summed in the rollups) per model or provider over the last N weeks, with margin and margin %.
 */
export async function getMargin(
  db: DbOrTx,
  query: AnalyticsQuery & { currency: string; by: MarginGroup },
): Promise<Margin> {
  const window = analyticsWindow(query);
  const currency = checkCurrency(query.currency);
  const key = query.by === "model" ? Prisma.sql`g.model_id` : Prisma.sql`coalesce(m.provider, ${UNKNOWN_PROVIDER})`;
  const [rows, refreshed] = await Promise.all([
    db.$queryRaw<{ key: string; revenue: { toString(): string }; cost: { toString(): string } }[]>`
      SELECT ${key} AS key, sum(g.amount) AS revenue, sum(g.cost) AS cost
        FROM usage_rollups_global_daily g LEFT JOIN models m ON m.id = g.model_id
       WHERE g.day >= ${window.from} AND g.day < ${window.to} AND g.currency = ${currency}
       GROUP BY 1
       ORDER BY sum(g.amount) DESC, 1`,
    asOf(db),
  ]);
  const revenues = rows.map((row) => money(exact(row.revenue)));
  const costs = rows.map((row) => money(exact(row.cost)));
  const roundedRevenues = allocateRoundedLines(revenues, currency);
  const roundedCosts = allocateRoundedLines(costs, COST_CURRENCY);
  const sum = (lines: Money[]) => lines.reduce((total, line) => total.plus(line), money("0"));
  const amounts = (revenue: Money, cost: Money, roundedRevenue: Money, roundedCost: Money): MarginAmounts => {
    const margin = currency === COST_CURRENCY ? revenue.minus(cost) : null;
    return {
      revenue: toDecimalString(revenue),
      cost: toDecimalString(cost),
      roundedRevenue: toDecimalString(roundedRevenue),
      roundedCost: toDecimalString(roundedCost),
      margin: margin && toDecimalString(margin),
      roundedMargin: margin && toDecimalString(roundedRevenue.minus(roundedCost)),
      marginRatio: margin && ratio(margin, revenue),
    };
  };
  const totalRevenue = sum(revenues);
  const totalCost = sum(costs);
  return {
    asOf: refreshed,
    by: query.by,
    currency,
    costCurrency: COST_CURRENCY,
    total: amounts(
      totalRevenue,
      totalCost,
      roundToMinorUnit(totalRevenue, currency),
      roundToMinorUnit(totalCost, COST_CURRENCY),
    ),
    rows: rows.map((row, index) => ({
      key: row.key,
      ...amounts(
        revenues[index] ?? money("0"),
        costs[index] ?? money("0"),
        roundedRevenues[index] ?? money("0"),
        roundedCosts[index] ?? money("0"),
      ),
    })),
  };
}
