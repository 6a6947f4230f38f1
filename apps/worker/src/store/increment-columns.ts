import { arrayLiteral } from "@tollgate/db/bulk";
import type { TokenCounts } from "@tollgate/domain";
import type { TokenTypeAmounts } from "../rating/token-type-amounts.ts";

/** What every aggregate increment (rollup row, task total row) carries, as upsert parameter columns. */
interface Increment {
  eventCount: bigint;
  unratedCount: bigint;
  tokens: TokenCounts;
}

/** event_count, unrated_count and the five token counts: one array literal each, in the tables' column order. */
export function countColumns(rows: readonly Increment[]): string[] {
  const column = (pick: (row: Increment) => bigint) => arrayLiteral(rows.map((row) => pick(row).toString()));
  return [
    column((r) => r.eventCount),
    column((r) => r.unratedCount),
    column((r) => r.tokens.input),
    column((r) => r.tokens.cached_input),
    column((r) => r.tokens.cache_write),
    column((r) => r.tokens.output),
    column((r) => r.tokens.reasoning),
  ];
}

/** The five amounts per token type (input … reasoning), one array literal each, in the tables' column order. */
export function typeAmountColumns(rows: readonly { typeAmounts: TokenTypeAmounts }[]): string[] {
  const column = (pick: (amounts: TokenTypeAmounts) => { text(): string }) =>
    arrayLiteral(rows.map((row) => pick(row.typeAmounts).text()));
  return [
    column((a) => a.input),
    column((a) => a.cached_input),
    column((a) => a.cache_write),
    column((a) => a.output),
    column((a) => a.reasoning),
  ];
}
