import { TOKEN_TYPES } from "@tollgate/domain";
import type { DailyUsage, ExploreGroup, ModelUsage } from "./router-types.ts";

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csv(rows: string[][]): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

const TOKEN_COLUMNS = TOKEN_TYPES.map((type) => `${type}_tokens`);

type UsageRow = DailyUsage | ModelUsage;

function usageCsv<Row extends UsageRow>(keyColumn: string, key: (row: Row) => string, rows: Row[], currency: string) {
  return csv([
    [keyColumn, "events", "unrated_events", ...TOKEN_COLUMNS, "total_tokens", "amount", "currency"],
    ...rows.map((row) => [
      key(row),
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
 * Daily usage as CSV (RFC 4180). Amounts keep full ledger precision so a spreadsheet sum matches the ledger;
 * the currency is a column rather than a symbol so the file stays machine-readable.
 */
export function dailyUsageCsv(daily: DailyUsage[], currency: string): string {
  return usageCsv("day", (row) => row.day, daily, currency);
}

/** Usage per model as CSV, same conventions as {@link dailyUsageCsv}. */
export function modelUsageCsv(models: ModelUsage[], currency: string): string {
  return usageCsv("model", (row) => row.modelId, models, currency);
}

/**
 * The usage explorer's groups table as CSV, exactly as shown: one row per group then the total, with the server's
 * rounded amounts (they add up to the total). An amount the api could not compute is an empty field.
 */
export function exploreGroupsCsv(
  groupBy: string,
  groups: readonly Pick<ExploreGroup, "label" | "totals">[],
  total: ExploreGroup["totals"],
  currency: string,
): string {
  const row = (label: string, totals: ExploreGroup["totals"]) => [
    label,
    ...TOKEN_TYPES.map((type) => totals.tokens[type]),
    totals.total_tokens,
    totals.rounded_amount ?? "",
    currency,
  ];
  return csv([
    [groupBy, ...TOKEN_COLUMNS, "total_tokens", "amount", "currency"],
    ...groups.map((group) => row(group.label, group.totals)),
    row("Total", total),
  ]);
}
