import { isoDay } from "../dates.ts";
import { decimalCell, integerCell, textCell, toCsv } from "./csv-cell.ts";

/** One day × model of a period's usage (from the hourly rollups); token counts are bigint, the amount exact. */
export interface UsageDayRow {
  /** Any instant of the UTC day. */
  day: Date;
  modelId: string;
  eventCount: bigint;
  inputTokens: bigint;
  cachedInputTokens: bigint;
  cacheWriteTokens: bigint;
  outputTokens: bigint;
  reasoningTokens: bigint;
  /** Exact decimal, unrounded. */
  amount: string;
}

const HEADER = [
  "day",
  "model_id",
  "events",
  "input_tokens",
  "cached_input_tokens",
  "cache_write_tokens",
  "output_tokens",
  "reasoning_tokens",
  "amount",
  "currency",
] as const;

// Code-unit order, not localeCompare: the same file on every machine.
const byDayThenModel = (a: { key: string; row: UsageDayRow }, b: { key: string; row: UsageDayRow }): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : a.row.modelId < b.row.modelId ? -1 : a.row.modelId > b.row.modelId ? 1 : 0;

/** A period's usage by UTC day × model, sorted by day then model id; amounts exact (not rounded), CRLF records. */
export function usageByDayCsv(rows: readonly UsageDayRow[], currency: string): string {
  const sorted = rows.map((row) => ({ key: isoDay(row.day), row })).sort(byDayThenModel);
  return toCsv(
    HEADER,
    sorted.map(({ key, row }) => [
      textCell(key),
      textCell(row.modelId),
      integerCell(row.eventCount),
      integerCell(row.inputTokens),
      integerCell(row.cachedInputTokens),
      integerCell(row.cacheWriteTokens),
      integerCell(row.outputTokens),
      integerCell(row.reasoningTokens),
      decimalCell(row.amount),
      textCell(currency),
    ]),
  );
}
