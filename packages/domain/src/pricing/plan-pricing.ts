import { z } from "zod";
import { matchesAnyModelPattern, modelPatternSchema } from "../catalog/model-pattern.ts";
import { storedText } from "../stored-text.ts";
import { TOKEN_TYPES } from "../token-types.ts";
import { nonNegativeDecimalText, percentText, tokenQuantityText } from "./decimal-text.ts";
import { tierScheduleSchema } from "./tier-schedule-schema.ts";

/**
 * The pricing document of a plan version: everything except its explicit per-model rates (plan_rates rows).
 * Stored as JSON in plan_versions.pricing and accepted as-is by the operator API, so it is snake_case like every
 * public API. Amounts are decimal strings (per 1,000,000 tokens for rates), token volumes integer strings.
 *
 * How an event is priced (see ratePlanRequest):
 * 1. Unit rate per (model, token type): the tenant override's custom rate, else the plan's explicit rate, else the
 *    first `model_markups` group matching the model (provider cost × (1 + markup/100)), else `unlisted_models`.
 * 2. `rules`, in order, for the whole request: `long_context` (prompt = input + cached input + cache write tokens
 *    above the threshold) and `service_tier` each switch every rate to the plan's explicit rates for that condition
 *    where it has them, otherwise multiply by `multiplier`; `request_fee` adds a fee per request. A model has at
 *    most one long_context rule: the first whose `models` match it (none = every model), so models with different
 *    thresholds share the 'long_context' rates condition (a rate row is per model, and each model has one threshold).
 * 3. Tokens a `tiers` meter covers are priced by its schedule on the period's volume instead (the first matching
 *    meter); otherwise tokens a `tokens` allowance covers are free while the period's allowance lasts. (Period
 *    totals do not depend on event order, except that an allowance spanning tokens with different rates frees
 *    whichever of them come first; scope an allowance to tokens of one rate, or use a money allowance.)
 * 4. The override's discount applies to the event's charge; then the period's `money` allowance and `spend_cap`.
 *    (Allowances and the cap are per whole period; the short first period after an anchor change prorates them,
 *    period-proration.ts.)
 * 5. `minimum_commitment` is trued up when the period closes.
 */
const rateSetSchema = z.partialRecord(z.enum(TOKEN_TYPES), nonNegativeDecimalText);
const meterId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be 1–63 lower-case letters, digits, '-' or '_'");
const patterns = z.array(modelPatternSchema).min(1).max(100);

const ruleSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("long_context"),
    prompt_tokens_above: z.number().int().positive(),
    multiplier: nonNegativeDecimalText.optional(),
    models: patterns.optional(),
  }),
  z.strictObject({
    kind: z.literal("service_tier"),
    service_tier: storedText(100).min(1),
    multiplier: nonNegativeDecimalText.optional(),
  }),
  z.strictObject({ kind: z.literal("request_fee"), amount: nonNegativeDecimalText, models: patterns.optional() }),
]);
export type PricingRule = z.infer<typeof ruleSchema>;

const allowanceSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("tokens"),
    id: meterId,
    tokens: tokenQuantityText,
    models: patterns.optional(),
    token_types: z.array(z.enum(TOKEN_TYPES)).min(1).optional(),
  }),
  z.strictObject({ kind: z.literal("money"), id: meterId, amount: nonNegativeDecimalText }),
]);
export type PricingAllowance = z.infer<typeof allowanceSchema>;

const tierMeterSchema = z.strictObject({
  id: meterId,
  models: patterns.optional(),
  token_types: z.array(z.enum(TOKEN_TYPES)).min(1),
  schedule: tierScheduleSchema,
});
export type PricingTierMeter = z.infer<typeof tierMeterSchema>;

export const unlistedModelPricingSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("unpriced") }),
  z.strictObject({ kind: z.literal("cost_markup"), markup_percent: nonNegativeDecimalText }),
  z.strictObject({ kind: z.literal("rates"), rates: rateSetSchema }),
]);

export const planPricingSchema = z
  .strictObject({
    model_markups: z
      .array(z.strictObject({ models: patterns, markup_percent: nonNegativeDecimalText }))
      .max(100)
      .default([]),
    unlisted_models: unlistedModelPricingSchema.default({ kind: "unpriced" }),
    rules: z.array(ruleSchema).max(20).default([]),
    allowances: z.array(allowanceSchema).max(20).default([]),
    tiers: z.array(tierMeterSchema).max(20).default([]),
    minimum_commitment: nonNegativeDecimalText.nullable().default(null),
    spend_cap: nonNegativeDecimalText.nullable().default(null),
  })
  .superRefine((pricing, ctx) => {
    const ids = [...pricing.allowances.map((a) => a.id), ...pricing.tiers.map((t) => t.id)];
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate) ctx.addIssue({ code: "custom", message: `meter id "${duplicate}" is used twice` });
    if (pricing.allowances.filter((a) => a.kind === "money").length > 1) {
      ctx.addIssue({ code: "custom", path: ["allowances"], message: "at most one money allowance" });
    }
    checkLongContextRules(pricing.rules, ctx);
    const tiers = pricing.rules.flatMap((r) => (r.kind === "service_tier" ? [r.service_tier] : []));
    if (new Set(tiers).size !== tiers.length) {
      ctx.addIssue({ code: "custom", path: ["rules"], message: "one service_tier rule per tier" });
    }
  });
export type PlanPricing = z.infer<typeof planPricingSchema>;

/**
 * A model uses the first long_context rule whose `models` match it, so a later rule is refused when an earlier one
 * makes it unreachable: an earlier rule for every model, or one for the same set of patterns (a duplicate).
 */
function checkLongContextRules(rules: readonly PricingRule[], ctx: z.RefinementCtx): void {
  const earlier = new Map<string, number>();
  let everyModel: number | undefined;
  rules.forEach((rule, index) => {
    if (rule.kind !== "long_context") return;
    const models = rule.models === undefined ? "" : [...new Set(rule.models)].sort().join("\n");
    const shadowedBy = everyModel ?? earlier.get(models);
    if (shadowedBy !== undefined) {
      const reason =
        everyModel === undefined
          ? `rules.${shadowedBy} already covers the same models`
          : `rules.${shadowedBy} has no models, so it applies to every model`;
      ctx.addIssue({
        code: "custom",
        path: ["rules", index],
        message: `this long_context rule is never used: ${reason} (a model uses the first long_context rule matching it)`,
      });
      return;
    }
    earlier.set(models, index);
    if (rule.models === undefined) everyModel = index;
  });
}
export type PlanPricingInput = z.input<typeof planPricingSchema>;

/** The long_context rule a model uses: the first whose `models` match it (none = every model), if any. */
export function longContextRuleFor(
  rules: readonly PricingRule[],
  modelId: string,
): Extract<PricingRule, { kind: "long_context" }> | undefined {
  for (const rule of rules) {
    if (rule.kind === "long_context" && matchesAnyModelPattern(rule.models, modelId)) return rule;
  }
  return undefined;
}

/** Rates (per 1M tokens) that a plan_rates row's `condition` names: '' (base), 'long_context', 'service_tier:<t>'. */
export function ruleCondition(rule: PricingRule): string | null {
  if (rule.kind === "long_context") return "long_context";
  if (rule.kind === "service_tier") return `service_tier:${rule.service_tier}`;
  return null;
}

export const PLAN_RATE_CONDITION = /^(|long_context|service_tier:.{1,100})$/;

/** A tenant price override's adjustments (tenant_price_overrides.discount_percent and model_rates). */
export const tenantOverrideSchema = z.strictObject({
  discount_percent: percentText.nullable().default(null),
  model_rates: z.record(modelPatternSchema, rateSetSchema).default({}),
});
export type TenantOverride = z.infer<typeof tenantOverrideSchema>;
