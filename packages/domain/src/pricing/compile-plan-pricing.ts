import type { Decimal } from "decimal.js";
import { patternSpecificity } from "../catalog/model-pattern.ts";
import { Money } from "../money.ts";
import type { ModelRates } from "../rating.ts";
import { TOKEN_TYPES, type TokenType } from "../token-types.ts";
import { meterKeys } from "./period-counters.ts";
import { ruleCondition, type PlanPricing, type TenantOverride } from "./plan-pricing.ts";
import type { TierSchedule } from "./tier-schedule.ts";
import { toTierSchedule } from "./tier-schedule-schema.ts";

const HUNDRED = new Money(100);

/** 1 + percent/100: the factor a markup multiplies a cost by. */
const markupFactor = (percent: string): Money => new Money(percent).dividedBy(HUNDRED).plus(1);

export function toModelRates(rates: Partial<Record<TokenType, string>>): ModelRates {
  const result: ModelRates = {};
  for (const type of TOKEN_TYPES) {
    const rate = rates[type];
    if (rate !== undefined) result[type] = new Money(rate);
  }
  return result;
}

export type CompiledRule =
  | {
      kind: "condition";
      condition: string;
      label: string;
      promptTokensAbove?: bigint;
      /** A long_context rule's models (undefined = every model); a model uses the first rule matching it. */
      models?: readonly string[] | undefined;
      serviceTier?: string;
      multiplier: Money | null;
    }
  | { kind: "request_fee"; amount: Money; models: readonly string[] | undefined };

export interface CompiledPlanPricing {
  modelMarkups: { models: readonly string[]; factor: Money }[];
  unlisted: { kind: "unpriced" } | { kind: "cost_markup"; factor: Money } | { kind: "rates"; rates: ModelRates };
  rules: CompiledRule[];
  tierMeters: {
    id: string;
    models: readonly string[] | undefined;
    tokenTypes: ReadonlySet<TokenType>;
    schedule: TierSchedule;
  }[];
  tokenAllowances: {
    id: string;
    tokens: bigint;
    models: readonly string[] | undefined;
    tokenTypes: ReadonlySet<TokenType> | undefined;
  }[];
  moneyAllowance: { id: string; amount: Money } | null;
  spendCap: Money | null;
  minimumCommitment: Money | null;
  /** True when pricing an event depends on the period so far (tiers, allowances, cap): the worker locks counters. */
  usesPeriodCounters: boolean;
}

/** Turns a validated pricing document into exact values, once per (immutable, published) plan version. */
export function compilePlanPricing(pricing: PlanPricing): CompiledPlanPricing {
  const rules = pricing.rules.map((rule): CompiledRule => {
    if (rule.kind === "request_fee")
      return { kind: "request_fee", amount: new Money(rule.amount), models: rule.models };
    const condition = ruleCondition(rule) ?? "";
    return {
      kind: "condition",
      condition,
      label: condition,
      multiplier: rule.multiplier === undefined ? null : new Money(rule.multiplier),
      ...(rule.kind === "long_context"
        ? { promptTokensAbove: BigInt(rule.prompt_tokens_above), models: rule.models }
        : { serviceTier: rule.service_tier }),
    };
  });
  const unlisted = pricing.unlisted_models;
  const moneyAllowance = pricing.allowances.find((a) => a.kind === "money");
  const compiled: CompiledPlanPricing = {
    modelMarkups: pricing.model_markups.map((m) => ({ models: m.models, factor: markupFactor(m.markup_percent) })),
    unlisted:
      unlisted.kind === "unpriced"
        ? { kind: "unpriced" }
        : unlisted.kind === "cost_markup"
          ? { kind: "cost_markup", factor: markupFactor(unlisted.markup_percent) }
          : { kind: "rates", rates: toModelRates(unlisted.rates) },
    rules,
    tierMeters: pricing.tiers.map((tier) => ({
      id: tier.id,
      models: tier.models,
      tokenTypes: new Set(tier.token_types),
      schedule: toTierSchedule(tier.schedule),
    })),
    tokenAllowances: pricing.allowances.flatMap((a) =>
      a.kind === "tokens"
        ? [
            {
              id: a.id,
              tokens: BigInt(a.tokens),
              models: a.models,
              tokenTypes: a.token_types && new Set(a.token_types),
            },
          ]
        : [],
    ),
    moneyAllowance: moneyAllowance ? { id: moneyAllowance.id, amount: new Money(moneyAllowance.amount) } : null,
    spendCap: pricing.spend_cap === null ? null : new Money(pricing.spend_cap),
    minimumCommitment: pricing.minimum_commitment === null ? null : new Money(pricing.minimum_commitment),
    usesPeriodCounters: false,
  };
  compiled.usesPeriodCounters =
    compiled.tierMeters.length > 0 ||
    compiled.tokenAllowances.length > 0 ||
    compiled.moneyAllowance !== null ||
    compiled.spendCap !== null;
  return compiled;
}

export interface CompiledOverride {
  id: string;
  /** 1 − discount/100, or null without a discount. */
  discountFactor: Decimal | null;
  /** Custom rates, most specific pattern first. */
  modelRates: { pattern: string; rates: ModelRates }[];
}

export function compileTenantOverride(id: string, override: TenantOverride): CompiledOverride {
  return {
    id,
    discountFactor:
      override.discount_percent === null
        ? null
        : new Money(1).minus(new Money(override.discount_percent).dividedBy(HUNDRED)),
    modelRates: Object.entries(override.model_rates)
      .map(([pattern, rates]) => ({ pattern, rates: toModelRates(rates) }))
      .sort((a, b) => patternSpecificity(b.pattern) - patternSpecificity(a.pattern)),
  };
}

/** Every period-counter meter a plan version's pricing reads (empty when its prices do not depend on the period). */
export function planMeterKeys(planVersionId: string, pricing: CompiledPlanPricing): string[] {
  return [
    ...pricing.tierMeters.map((m) => meterKeys.tier(planVersionId, m.id)),
    ...pricing.tokenAllowances.map((a) => meterKeys.allowance(planVersionId, a.id)),
    ...(pricing.moneyAllowance || pricing.spendCap ? [meterKeys.spend(planVersionId)] : []),
  ];
}
