import { MAX_PLAN_RATES, type PlanRateInput } from "@tollgate/use-cases/pricing";
import { planPricingSchema, storedText, TOKEN_TYPES } from "@tollgate/domain";
import { z } from "zod";
import { decimalText, uuidParam } from "../admin-fields.ts";

export const VERSIONS_PATH = "/v1/admin/plans/{planId}/versions";
export const VERSION_PATH = `${VERSIONS_PATH}/{versionId}`;
/** Rate lists of thousands of models exceed the default 1 MiB body limit. */
export const RATES_BODY_LIMIT = 32 * 1024 * 1024;
export const OPERATOR = "Operator key (admin scope, no tenant); tenant keys get 403. Audited.";
export const IMMUTABLE =
  "A published or archived version is immutable: changing it is a 409; copy it into a new draft.";

export const planIdParam = uuidParam("plan");
export const versionParams = { planId: planIdParam, versionId: uuidParam("plan version") };

const rateInput = z.strictObject({
  model_id: storedText(200).min(1).describe("a catalog model id"),
  token_type: z.enum(TOKEN_TYPES),
  condition: storedText(120)
    .default("")
    .describe("'' (base rate, default), 'long_context' or 'service_tier:<tier>' (needs the matching rule)"),
  price_per_million: decimalText.describe("price per 1,000,000 tokens, exact decimal string"),
});
export const ratesInput = z
  .array(rateInput)
  .max(MAX_PLAN_RATES)
  .describe(`explicit per-model rates (at most ${MAX_PLAN_RATES}); written set-based`);
export const pricingInput = planPricingSchema.describe(
  "the pricing document: model_markups, unlisted_models, rules, allowances, tiers, minimum_commitment, spend_cap",
);

export const planVersionOutput = z.object({
  id: z.uuid(),
  plan_id: z.uuid(),
  version: z.number().int().describe("ascends per plan"),
  status: z.enum(["draft", "published", "archived"]),
  currency: z.string(),
  effective_from: z.string(),
  effective_to: z.string().nullable(),
  published_at: z.string().nullable(),
  archived_at: z.string().nullable(),
  created_at: z.string(),
  pricing: z.record(z.string(), z.unknown()).describe("the pricing document, defaults filled in"),
  rate_count: z.number().int(),
  active_subscriptions: z.number().int().describe("subscriptions on this version that have not ended"),
});
export const planRateOutput = z.object({
  model_id: z.string(),
  provider: z.string().describe("the catalog model's provider"),
  token_type: z.enum(TOKEN_TYPES),
  condition: z.string(),
  price_per_million: z.string(),
});

export function toRateInputs(rates: z.infer<typeof rateInput>[] | undefined): PlanRateInput[] | undefined {
  return rates?.map((rate) => ({
    modelId: rate.model_id,
    tokenType: rate.token_type,
    condition: rate.condition,
    pricePerMillion: rate.price_per_million,
  }));
}
