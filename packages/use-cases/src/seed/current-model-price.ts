import type { ConditionalPrice, ModelPrice } from "@pydantic/genai-prices";

/**
 * The price entry of a genai-prices model in force at `at`, reduced to what a flat per-token rate can express:
 * - Date-constrained entries are the price history: the latest one that has started wins, else the unconstrained
 *   base entry (so announced future prices are not used yet).
 * - Time-of-day entries (DeepSeek's peak/off-peak windows) are ignored: a plan rate has no clock, so the base or
 *   dated entry is used. For DeepSeek's older models that base is the off-peak price.
 */
export function currentModelPrice(prices: ConditionalPrice[] | ModelPrice, at: Date): ModelPrice | undefined {
  if (!Array.isArray(prices)) return prices;
  let base: ModelPrice | undefined;
  let dated: { start: Date; prices: ModelPrice } | undefined;
  for (const entry of prices) {
    const constraint = entry.constraint;
    if (constraint === undefined) {
      base ??= entry.prices;
    } else if (constraint.type === "start_date") {
      const start = new Date(`${constraint.start_date}T00:00:00Z`);
      if (start <= at && (!dated || start > dated.start)) dated = { start, prices: entry.prices };
    }
  }
  return dated?.prices ?? base;
}

/**
 * A per-million price as a decimal string for a request of `promptTokens` prompt tokens, or undefined when absent.
 * A tiered price (e.g. Anthropic's and Gemini's higher rate above 200k prompt tokens) is its base price unless the
 * prompt is strictly above a tier's start, as genai-prices' own calcPrice decides; the default 0 gives the base.
 * `String(number)` is the shortest exact round-trip form, so no float math happens here.
 */
export function pricePerMillion(value: ModelPrice[string], promptTokens = 0): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? String(value) : undefined;
  if (typeof value !== "object" || typeof value.base !== "number") return undefined;
  // The tier with the highest start below the prompt, whatever order the data lists them in.
  let applied: { start: number; price: number } | undefined;
  for (const tier of value.tiers) {
    if (promptTokens > tier.start && (!applied || tier.start > applied.start)) applied = tier;
  }
  return pricePerMillion(applied?.price ?? value.base);
}
