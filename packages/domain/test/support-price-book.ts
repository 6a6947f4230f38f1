import {
  compilePlanPricing,
  createDatedRatesLookup,
  money,
  planPricingSchema,
  type DatedRateRow,
  type ModelRates,
  type PlanPricingInput,
  type PlanPriceBook,
} from "../src/index.ts";

/** A price book over in-memory rates, as the worker builds one from plan_rates and model_cost_rates rows. */
export function priceBook(
  pricing: PlanPricingInput,
  explicit: Record<string, Record<string, Record<string, string>>> = {},
  costRows: DatedRateRow[] = [],
): PlanPriceBook {
  const rates = new Map<string, ModelRates>();
  for (const [modelId, byCondition] of Object.entries(explicit)) {
    for (const [condition, byType] of Object.entries(byCondition)) {
      rates.set(`${modelId}|${condition}`, Object.fromEntries(Object.entries(byType).map(([t, r]) => [t, money(r)])));
    }
  }
  return {
    planVersionId: "pv-1",
    currency: "USD",
    pricing: compilePlanPricing(planPricingSchema.parse(pricing)),
    explicitRates: (modelId, condition) => rates.get(`${modelId}|${condition}`),
    costRates: createDatedRatesLookup(costRows),
  };
}
