import { allocatedAmounts, allocatedToTotal } from "./allocated-amounts.ts";
import type { ExploreGroup, UsageExploration } from "./router-types.ts";
import { TOKEN_COLORS } from "./token-labels.ts";

export type ExploreMetric = "tokens" | "amount";

/** Distinct colours for up to ten groups (Okabe–Ito, then Tableau); the merged "Other" group is always grey. */
const GROUP_COLORS = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#8C564B",
  "#17BECF",
  "#7F7F7F",
];
const OTHER_COLOR = "#A0A0A0";

export function groupColor(index: number, kind: string): string {
  return kind === "other" ? OTHER_COLOR : (GROUP_COLORS[index % GROUP_COLORS.length] ?? OTHER_COLOR);
}

/**
 * A series' colour in the explorer: grouped by token type, each type keeps the colour it has everywhere else in the
 * console (the overview's chart); by palette order, Input and Output had swapped colours between the two pages.
 */
export function seriesColor(
  group: Pick<UsageExploration["groups"][number], "kind" | "key">,
  index: number,
  groupBy: string,
): string {
  const key = group.key;
  if (groupBy === "token_type" && group.kind === "value" && key !== null && Object.hasOwn(TOKEN_COLORS, key)) {
    return TOKEN_COLORS[key as keyof typeof TOKEN_COLORS];
  }
  return groupColor(index, group.kind);
}

/**
 * A group's amount per bucket as shown (tooltip and chart CSV): rounded so the buckets add up to the group's rounded
 * amount in the table, which the api allocated so the groups add up to the total. null where the api has no amount.
 */
export function shownPointAmounts(group: Pick<ExploreGroup, "points" | "totals">, currency: string): (string | null)[] {
  const amounts = group.points.map((point) => point.amount);
  const known = amounts.filter((amount) => amount !== null);
  if (known.length === 0) return amounts;
  const rounded = group.totals.rounded_amount;
  const shown =
    rounded === null || known.length < amounts.length
      ? allocatedAmounts(known, currency)
      : allocatedToTotal(known, rounded, currency);
  let next = 0;
  return amounts.map((amount) => (amount === null ? null : (shown[next++] ?? amount)));
}

/**
 * One row per bucket: `g0`… per group as numbers for plotting only, and `x0`… the decimal strings the tooltip shows:
 * exact token counts, or amounts as shown (shownPointAmounts: the buckets add up to the group's amount in the table).
 */
export function chartRows(
  exploration: Pick<UsageExploration, "buckets" | "groups" | "currency">,
  metric: ExploreMetric,
): Record<string, string | number>[] {
  const amounts = exploration.groups.map((group) => shownPointAmounts(group, exploration.currency));
  return exploration.buckets.map((bucket, index) => {
    const row: Record<string, string | number> = { bucket: bucket.label };
    exploration.groups.forEach((group, groupIndex) => {
      const point = group.points[index];
      const exact = point
        ? metric === "tokens"
          ? point.total_tokens
          : (amounts[groupIndex]?.[index] ?? point.amount ?? "0")
        : "0";
      row[`g${groupIndex.toString()}`] = Number(exact);
      row[`x${groupIndex.toString()}`] = exact;
    });
    return row;
  });
}
