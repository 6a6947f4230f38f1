import type { UsageExploration } from "./router-types.ts";

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
 * One row per bucket: `g0`… per group as numbers for plotting only, and `x0`… the exact decimal strings the tooltip
 * shows (tables and totals use the exact strings too).
 */
export function chartRows(
  exploration: Pick<UsageExploration, "buckets" | "groups">,
  metric: ExploreMetric,
): Record<string, string | number>[] {
  return exploration.buckets.map((bucket, index) => {
    const row: Record<string, string | number> = { bucket: bucket.label };
    exploration.groups.forEach((group, groupIndex) => {
      const point = group.points[index];
      const exact = point ? (metric === "tokens" ? point.total_tokens : (point.amount ?? "0")) : "0";
      row[`g${groupIndex.toString()}`] = Number(exact);
      row[`x${groupIndex.toString()}`] = exact;
    });
    return row;
  });
}
