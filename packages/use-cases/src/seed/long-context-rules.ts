import type { PricingRule } from "@tollgate/domain";
import type { CatalogModel } from "./price-catalog.ts";

/** A rule's `models` holds at most this many patterns (planPricingSchema). */
const MAX_MODELS_PER_RULE = 100;

/**
 * The long_context rules that make a plan follow the catalog's tiered list prices: one per threshold, naming the
 * exact ids of the models tiered there (lowest threshold first, models sorted, split when over the schema's limit).
 * A model appears in one rule only, so its first matching rule is its own threshold's.
 */
export function longContextRules(catalog: readonly CatalogModel[]): PricingRule[] {
  const byThreshold = new Map<number, string[]>();
  for (const model of catalog) {
    if (!model.longContext) continue;
    const threshold = model.longContext.promptTokensAbove;
    byThreshold.set(threshold, [...(byThreshold.get(threshold) ?? []), model.id]);
  }
  const rules: PricingRule[] = [];
  for (const [threshold, models] of [...byThreshold].sort(([a], [b]) => a - b)) {
    const sorted = [...new Set(models)].sort();
    for (let start = 0; start < sorted.length; start += MAX_MODELS_PER_RULE) {
      rules.push({
        kind: "long_context",
        prompt_tokens_above: threshold,
        models: sorted.slice(start, start + MAX_MODELS_PER_RULE),
      });
    }
  }
  return rules;
}
