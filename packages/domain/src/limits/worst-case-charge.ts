import type { Decimal } from "decimal.js";
import { Money } from "../money.ts";
import { priceTokens } from "../rating.ts";
import type { TokenCounts, TokenType } from "../token-types.ts";
import type { CompiledOverride } from "../pricing/compile-plan-pricing.ts";
import { applicableRules, conditionRules, overrideRatesFor, tierMeterFor } from "../pricing/plan-lookups.ts";
import { unitRate, type PlanPriceBook, type RatableRequest } from "../pricing/rate-plan-request.ts";
import type { TierSchedule } from "../pricing/tier-schedule.ts";

/** What a caller is about to send to a model, as a reservation describes it. */
export interface PlannedRequest {
  modelId: string;
  at: Date;
  /** The prompt size the caller expects (any mix of uncached, cached and cache-write tokens). */
  inputTokens: bigint;
  /** The most the model may produce (max_tokens), visible or reasoning. */
  maxOutputTokens: bigint;
  serviceTier?: string | undefined;
}

export type WorstCaseCharge = { status: "priced"; amount: Money } | { status: "unpriced" };

const ZERO = new Money(0);
const INPUT_TYPES = ["input", "cached_input", "cache_write"] as const satisfies readonly TokenType[];
const OUTPUT_TYPES = ["output", "reasoning"] as const satisfies readonly TokenType[];

/**
 * An upper bound on what a planned request can be charged under a plan version and override, so a hold of this
 * amount can never be exceeded by the usage event that settles it: the prompt priced entirely at the dearest
 * input token type and the output at the dearest output type (the split is unknown before the call), whole-request
 * rules as the prompt size triggers them, tiered volume at the schedule's dearest per-token price plus every flat
 * fee, and no allowance (it may be used up by then). Discounts apply; a cap only lowers a charge, so it is ignored.
 * `unpriced` when no combination of token types can be priced (the event would be stored unrated).
 */
export function worstCaseCharge(
  request: PlannedRequest,
  book: PlanPriceBook,
  override: CompiledOverride | null,
): WorstCaseCharge {
  const probe = (tokens: TokenCounts): RatableRequest => ({
    modelId: request.modelId,
    occurredAt: request.at,
    tokens,
    serviceTier: request.serviceTier,
  });
  // Rules depend on the prompt size and tier only, which every split shares.
  const shape = probe(tokensOf("input", request.inputTokens, "output", request.maxOutputTokens));
  const activeRules = applicableRules(book.pricing.rules, shape);
  const conditions = conditionRules(activeRules);
  const customRates = override ? overrideRatesFor(override, request.modelId) : undefined;

  const dearest = (types: readonly TokenType[], quantity: bigint): Decimal | undefined => {
    if (quantity === 0n) return ZERO;
    let best: Decimal | undefined;
    for (const type of types) {
      const charge = worstTokenCharge(type, quantity);
      if (charge !== undefined && (best === undefined || charge.gt(best))) best = charge;
    }
    return best;
  };
  const worstTokenCharge = (type: TokenType, quantity: bigint): Decimal | undefined => {
    const meter = tierMeterFor(book.pricing, type, request.modelId);
    if (meter) return worstTieredCharge(meter.schedule, quantity);
    const rate = unitRate(probe(tokensOf(type, quantity)), type, book, customRates, conditions);
    return rate === undefined ? undefined : priceTokens(quantity, rate);
  };

  const input = dearest(INPUT_TYPES, request.inputTokens);
  const output = dearest(OUTPUT_TYPES, request.maxOutputTokens);
  if (input === undefined || output === undefined) return { status: "unpriced" };
  let amount: Decimal = input.plus(output);
  for (const rule of activeRules) if (rule.kind === "request_fee") amount = amount.plus(rule.amount);
  if (override?.discountFactor) amount = amount.times(override.discountFactor);
  return { status: "priced", amount: new Money(amount) };
}

/**
 * The most `quantity` more units can add under a schedule from any starting volume: every unit at the dearest
 * tier price plus every flat fee (graduated, volume), or one package more than the units fill (package). A volume
 * schedule reprices the whole volume when it crosses into another tier; when a later tier is dearer, the volume
 * already billed (at most the crossed tier's bound) is repriced at the difference, which is added too.
 */
function worstTieredCharge(schedule: TierSchedule, quantity: bigint): Decimal {
  if (schedule.mode === "package") {
    const packages = (quantity + schedule.packageSize - 1n) / schedule.packageSize + 1n;
    return new Money(packages.toString()).times(schedule.packagePrice);
  }
  const { tiers } = schedule;
  let dearestPrice: Decimal = ZERO;
  let flatFees: Decimal = ZERO;
  for (const tier of tiers) {
    if (tier.pricePerMillion.gt(dearestPrice)) dearestPrice = tier.pricePerMillion;
    if (tier.flatFee) flatFees = flatFees.plus(tier.flatFee);
  }
  let repricing: Decimal = ZERO;
  if (schedule.mode === "volume") {
    tiers.forEach((tier, index) => {
      if (tier.upTo === null) return;
      const dearerLater = tiers
        .slice(index + 1)
        .reduce<Decimal>(
          (max, later) => (later.pricePerMillion.gt(max) ? later.pricePerMillion : max),
          tier.pricePerMillion,
        );
      const jump = priceTokens(tier.upTo, dearerLater.minus(tier.pricePerMillion));
      if (jump.gt(repricing)) repricing = jump;
    });
  }
  return priceTokens(quantity, dearestPrice).plus(flatFees).plus(repricing);
}

function tokensOf(first: TokenType, firstCount: bigint, second?: TokenType, secondCount?: bigint): TokenCounts {
  const tokens: TokenCounts = { input: 0n, cached_input: 0n, cache_write: 0n, output: 0n, reasoning: 0n };
  tokens[first] = firstCount;
  if (second !== undefined && secondCount !== undefined) tokens[second] = secondCount;
  return tokens;
}
