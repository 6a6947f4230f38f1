import { minorUnitDigits, money, TOKEN_TYPES } from "@tollgate/domain";
import { sortExploreGroups, type ExploreSort } from "./explore-groups-sort.ts";
import { shownPointAmounts } from "./explore-series.ts";
import type { DailyUsage, ExploreGroup, ModelUsage, UsageExploration } from "./router-types.ts";
import { shownModelRows } from "./shown-model-rows.ts";

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csv(rows: string[][]): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

const TOKEN_COLUMNS = TOKEN_TYPES.map((type) => `${type}_tokens`);

/**
 * Daily usage as CSV (RFC 4180). Amounts keep full ledger precision so a spreadsheet sum matches the ledger;
 * the currency is a column rather than a symbol so the file stays machine-readable.
 */
export function dailyUsageCsv(daily: DailyUsage[], currency: string): string {
  return csv([
    ["day", "events", "unrated_events", ...TOKEN_COLUMNS, "total_tokens", "amount", "currency"],
    ...daily.map((row) => [
      row.day,
      row.eventCount,
      row.unratedCount,
      ...TOKEN_TYPES.map((type) => row.tokens[type]),
      row.totalTokens,
      row.amount,
      currency,
    ]),
  ]);
}

/**
 * Usage per model as CSV, as the overview's table shows it: `amount` is the rounded amount shown (the rows add up to
 * the total shown), `amount_unrounded` the ledger's full precision for reconciling.
 */
export function modelUsageCsv(models: readonly ModelUsage[], currency: string): string {
  return csv([
    ["model", "events", "unrated_events", ...TOKEN_COLUMNS, "total_tokens", "amount", "amount_unrounded", "currency"],
    ...shownModelRows(models, currency).map((row) => [
      row.modelId,
      row.eventCount,
      row.unratedCount,
      ...TOKEN_TYPES.map((type) => row.tokens[type]),
      row.totalTokens,
      shownAmount(row.shownAmount, currency),
      row.amount,
      currency,
    ]),
  ]);
}

/** An amount as the console shows it, to the currency's minor unit ("4.50"); empty where the api has none. */
function shownAmount(amount: string | null, currency: string): string {
  return amount === null ? "" : money(amount).toFixed(minorUnitDigits(currency));
}

/**
 * The usage explorer's groups table as CSV, exactly as shown: its columns, its rows in the table's sort (the same
 * sortExploreGroups the table uses), then the total; amounts are the api's rounded ones the table shows, which add
 * up to the total. An amount the api could not compute is an empty field.
 */
export function exploreGroupsCsv(
  groupBy: string,
  groups: readonly Pick<ExploreGroup, "label" | "totals">[],
  total: ExploreGroup["totals"],
  currency: string,
  sorting: readonly ExploreSort[] = [],
): string {
  const row = (label: string, totals: ExploreGroup["totals"]) => [
    label,
    ...TOKEN_TYPES.map((type) => totals.tokens[type]),
    totals.total_tokens,
    // As the table shows it ($4.50, not the api's 4.5), like the chart CSV's amounts.
    shownAmount(totals.rounded_amount, currency),
    currency,
  ];
  return csv([
    [groupBy, ...TOKEN_COLUMNS, "total_tokens", "amount", "currency"],
    ...sortExploreGroups(groups, sorting).map((group) => row(group.label, group.totals)),
    row("Total", total),
  ]);
}

/**
 * The explorer's chart data as CSV: one row per bucket and group (buckets in order, groups in the chart's stacking
 * order), with the tokens per type, their total (the chart's "tokens" metric) and the amount as the tooltip shows it
 * (its "amount" metric): each group's buckets add up to its amount in the table, so all rows add up to the total.
 * Buckets are named by their label in the explorer's zone and their start as a UTC instant.
 */
export function exploreSeriesCsv(
  groupBy: string,
  exploration: Pick<UsageExploration, "buckets" | "groups" | "currency">,
): string {
  const amounts = exploration.groups.map((group) => shownPointAmounts(group, exploration.currency));
  return csv([
    ["bucket", "bucket_start", groupBy, ...TOKEN_COLUMNS, "total_tokens", "amount", "currency"],
    ...exploration.buckets.flatMap((bucket, index) =>
      exploration.groups.map((group, groupIndex) => {
        const point = group.points[index];
        return [
          bucket.label,
          bucket.start,
          group.label,
          ...TOKEN_TYPES.map((type) => point?.tokens[type] ?? "0"),
          point?.total_tokens ?? "0",
          shownAmount(amounts[groupIndex]?.[index] ?? null, exploration.currency),
          exploration.currency,
        ];
      }),
    ),
  ]);
}
