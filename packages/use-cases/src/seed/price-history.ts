import type { ConditionalPrice, ModelPrice } from "@pydantic/genai-prices";
import { money, toDecimalString, type TokenType } from "@tollgate/domain";
import { pricePerMillion } from "./current-model-price.ts";

/**
 * When the dataset's undated price took effect: it has no start, so it is in force from the beginning of time as far
 * as Tollgate is concerned (before any event it could rate), until the model's first dated price.
 */
export const UNDATED_PRICE_FROM = new Date(0);

export interface DatedModelPrice {
  effectiveFrom: Date;
  prices: ModelPrice;
}

/**
 * A genai-prices model's price history, oldest first: the undated base entry from UNDATED_PRICE_FROM, then each
 * start_date entry from its date (UTC midnight). Time-of-day entries are left out, as currentModelPrice does: a cost
 * rate has no clock. When two entries share a start date the first one counts, like genai-prices' own lookup.
 */
export function priceHistory(prices: ConditionalPrice[] | ModelPrice): DatedModelPrice[] {
  if (!Array.isArray(prices)) return [{ effectiveFrom: UNDATED_PRICE_FROM, prices }];
  const byStart = new Map<number, ModelPrice>();
  for (const entry of prices) {
    const constraint = entry.constraint;
    let start: Date | undefined;
    if (constraint === undefined) start = UNDATED_PRICE_FROM;
    else if (constraint.type === "start_date") start = new Date(`${constraint.start_date}T00:00:00Z`);
    if (start && !Number.isNaN(start.getTime()) && !byStart.has(start.getTime()))
      byStart.set(start.getTime(), entry.prices);
  }
  return [...byStart.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, entryPrices]) => ({ effectiveFrom: new Date(start), prices: entryPrices }));
}

/** The genai-prices price keys of the token types Tollgate bills. */
export const BILLED_PRICE_KEYS = [
  "input_mtok",
  "cache_read_mtok",
  "cache_write_mtok",
  "output_mtok",
  "output_reasoning_mtok",
] as const;

/**
 * A price entry as per-million decimal strings for every token type Tollgate bills, or undefined when it has no
 * plain per-token input and output price (embeddings, audio-hour, per-page, per-request models). Tiered prices are
 * taken at a prompt of `promptTokens` (default 0: the base tier; see pricePerMillion).
 * A missing cache price means the provider bills those tokens as ordinary input (genai-prices prices them the same
 * way); reasoning tokens are output tokens unless the provider lists a separate price.
 */
export function tokenTypePrices(
  prices: ModelPrice | undefined,
  promptTokens = 0,
): Record<TokenType, string> | undefined {
  if (!prices) return undefined;
  const at = (value: ModelPrice[string]) => pricePerMillion(value, promptTokens);
  const input = at(prices.input_mtok);
  const output = at(prices.output_mtok);
  if (input === undefined || output === undefined) return undefined;
  // String(number) may use exponent notation (1e-7); normalise to plain decimal text.
  const text = (value: string) => toDecimalString(money(value));
  return {
    input: text(input),
    cached_input: text(at(prices.cache_read_mtok) ?? input),
    cache_write: text(at(prices.cache_write_mtok) ?? input),
    output: text(output),
    reasoning: text(at(prices.output_reasoning_mtok) ?? output),
  };
}
