import { matchesAnyModelPattern, matchesModelPattern } from "../catalog/model-pattern.ts";
import type { ModelRates } from "../rating.ts";
import type { TokenType } from "../token-types.ts";
import type { CompiledOverride, CompiledPlanPricing, CompiledRule } from "./compile-plan-pricing.ts";
import type { RatableRequest } from "./rate-plan-request.ts";

/*
 * What applies to one request under a compiled plan: its rules, the override's rates, the tier meter and allowance
 * of a token type. Loops rather than filter/find with closures: rating calls these for every event.
 */

export type ConditionRule = Extract<CompiledRule, { kind: "condition" }>;

const NO_RULES: readonly CompiledRule[] = [];
const NO_CONDITIONS: readonly ConditionRule[] = [];

/**
 * Whether a plan rule applies to a request on its own (whole-request conditions: prompt size, service tier, request
 * fee). Which long_context rule is the model's is applicableRules' business.
 */
function ruleApplies(rule: CompiledRule, request: RatableRequest): boolean {
  if (rule.kind === "request_fee") return matchesAnyModelPattern(rule.models, request.modelId);
  if (rule.promptTokensAbove !== undefined) {
    const { input, cached_input, cache_write } = request.tokens;
    return input + cached_input + cache_write > rule.promptTokensAbove;
  }
  return rule.serviceTier !== undefined && rule.serviceTier === request.serviceTier;
}

/** The rules that apply to a request, in order. Of the long_context rules only the model's (the first whose models match it) counts. */
export function applicableRules(rules: readonly CompiledRule[], request: RatableRequest): readonly CompiledRule[] {
  let applicable: CompiledRule[] | undefined;
  let longContextSeen = false;
  for (const rule of rules) {
    if (rule.kind === "condition" && rule.promptTokensAbove !== undefined) {
      // A later rule never applies, even with a lower threshold: the model's threshold is its first matching rule's.
      if (longContextSeen || !matchesAnyModelPattern(rule.models, request.modelId)) continue;
      longContextSeen = true;
    }
    if (ruleApplies(rule, request)) (applicable ??= []).push(rule);
  }
  return applicable ?? NO_RULES;
}

export function conditionRules(rules: readonly CompiledRule[]): readonly ConditionRule[] {
  let conditions: ConditionRule[] | undefined;
  for (const rule of rules) if (rule.kind === "condition") (conditions ??= []).push(rule);
  return conditions ?? NO_CONDITIONS;
}

export function overrideRatesFor(override: CompiledOverride, modelId: string): ModelRates | undefined {
  for (const entry of override.modelRates) if (matchesModelPattern(entry.pattern, modelId)) return entry.rates;
  return undefined;
}

export function tierMeterFor(pricing: CompiledPlanPricing, type: TokenType, modelId: string) {
  for (const meter of pricing.tierMeters) {
    if (meter.tokenTypes.has(type) && matchesAnyModelPattern(meter.models, modelId)) return meter;
  }
  return undefined;
}

export function tokenAllowanceFor(pricing: CompiledPlanPricing, type: TokenType, modelId: string) {
  for (const allowance of pricing.tokenAllowances) {
    if ((allowance.tokenTypes?.has(type) ?? true) && matchesAnyModelPattern(allowance.models, modelId))
      return allowance;
  }
  return undefined;
}
