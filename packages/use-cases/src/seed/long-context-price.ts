import type { ModelPrice } from "@pydantic/genai-prices";
import type { TokenType } from "@tollgate/domain";
import { BILLED_PRICE_KEYS, tokenTypePrices } from "./price-history.ts";

/** A model's prices for a request whose prompt is above a threshold (a plan's long_context rule and rates). */
export interface LongContextPrice {
  /** genai-prices applies a tier when the prompt is strictly above its start: the rule's `prompt_tokens_above`. */
  promptTokensAbove: number;
  /**
   * Every token type's price above the threshold: a type without a tier keeps its base price (genai-prices prices
   * each key on its own, so an untiered key stays flat), and a missing cache or reasoning price follows the input or
   * output tier, as it follows their base price below the threshold.
   */
  prices: Record<TokenType, string>;
}

/**
 * The long-context price of a genai-prices price entry, or undefined when none of the billed keys is tiered. A plan
 * gives each model one long_context threshold, so an entry whose keys have different tier starts (none in 0.1.8's
 * data) is left at its base prices rather than priced at a threshold it does not have.
 */
export function longContextPrice(prices: ModelPrice | undefined): LongContextPrice | undefined {
  if (!prices) return undefined;
  const starts = new Set<number>();
  for (const key of BILLED_PRICE_KEYS) {
    const value = prices[key];
    if (typeof value === "object") for (const tier of value.tiers) starts.add(tier.start);
  }
  const [start] = starts;
  if (starts.size !== 1 || start === undefined || !Number.isSafeInteger(start) || start <= 0) return undefined;
  const above = tokenTypePrices(prices, start + 1);
  return above && { promptTokensAbove: start, prices: above };
}
