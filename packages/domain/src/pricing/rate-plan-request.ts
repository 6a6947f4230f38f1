import type { Decimal } from "decimal.js";
import { matchesAnyModelPattern } from "../catalog/model-pattern.ts";
import { perTokenUnits, unitsToMoney } from "../exact-units.ts";
import { Money } from "../money.ts";
import { priceTokens, type ModelRates } from "../rating.ts";
import { TOKEN_TYPES, type TokenCounts, type TokenType } from "../token-types.ts";
import type { CompiledOverride, CompiledPlanPricing } from "./compile-plan-pricing.ts";
import { meterKeys, type PeriodCounters } from "./period-counters.ts";
import { prorateMoneyTerm, prorateTokens, type PeriodShare } from "./period-proration.ts";
import {
  applicableRules,
  conditionRules,
  type ConditionRule,
  overrideRatesFor,
  tierMeterFor,
  tokenAllowanceFor,
} from "./plan-lookups.ts";
import { incrementalTieredCharge } from "./tier-schedule.ts";

/** One usage event as rating sees it (model already resolved to its catalog id). */
export interface RatableRequest {
  modelId: string;
  occurredAt: Date;
  tokens: TokenCounts;
  serviceTier?: string | undefined;
}

/** A plan version's prices: its compiled pricing plus lookups of its explicit rates and of provider cost. */
export interface PlanPriceBook {
  planVersionId: string;
  currency: string;
  pricing: CompiledPlanPricing;
  /** The plan's explicit rates for a model under a condition ('' = base). */
  explicitRates(modelId: string, condition: string): ModelRates | undefined;
  /** The provider's cost rates for a model in force at an instant (catalog, USD). */
  costRates(modelId: string, at: Date): ModelRates | undefined;
}

/** A part of an event's charge; the parts of a rated event sum exactly to its amount. */
export type ChargeLine =
  | {
      kind: "tokens";
      tokenType: TokenType;
      quantity: bigint;
      amount: Money;
      /** The amount in exact units (see exact-units.ts) when it was priced that way; undefined once changed. */
      readonly units?: bigint | undefined;
    }
  | { kind: "request_fee"; amount: Money }
  | { kind: "money_allowance" | "spend_cap"; amount: Money };

export interface RatedPlanRequest {
  status: "rated";
  amount: Money;
  cost: Money | null;
  /** amount and cost in exact units, when every part was priced in units (the common case). */
  amountUnits?: bigint | undefined;
  costUnits?: bigint | undefined;
  rule: string;
  lines: ChargeLine[];
}

export type PlanRating =
  | RatedPlanRequest
  | { status: "unrated"; reason: "no_price_for_model" | "no_price_for_token_type"; tokenType?: TokenType };

/** A token line priced in exact units: a Money only when read as one. Setting the amount drops the units. */
class UnitsTokenLine {
  readonly kind = "tokens" as const;
  #amount: Money | undefined;
  #units: bigint | undefined;

  constructor(
    readonly tokenType: TokenType,
    readonly quantity: bigint,
    units: bigint,
  ) {
    this.#units = units;
  }

  get units(): bigint | undefined {
    return this.#units;
  }

  get amount(): Money {
    this.#amount ??= unitsToMoney(this.#units ?? 0n);
    return this.#amount;
  }

  set amount(value: Money) {
    this.#amount = value;
    this.#units = undefined;
  }
}

/** A rating whose amount and cost may be exact units, made Money only when read as Money. */
class UnitsRating implements RatedPlanRequest {
  readonly status = "rated" as const;
  readonly amountUnits: bigint | undefined;
  readonly costUnits: bigint | undefined;
  #amount: Money | undefined;
  #cost: Money | null | undefined;

  constructor(
    amount: Money | bigint,
    cost: Money | bigint | null,
    readonly rule: string,
    readonly lines: ChargeLine[],
  ) {
    if (typeof amount === "bigint") this.amountUnits = amount;
    else this.#amount = amount;
    if (typeof cost === "bigint") this.costUnits = cost;
    else this.#cost = cost;
  }

  get amount(): Money {
    this.#amount ??= unitsToMoney(this.amountUnits ?? 0n);
    return this.#amount;
  }

  get cost(): Money | null {
    if (this.#cost === undefined) this.#cost = this.costUnits === undefined ? null : unitsToMoney(this.costUnits);
    return this.#cost;
  }
}

const ZERO = new Money(0);

function sumLines(lines: readonly ChargeLine[]): Money {
  let sum: Money = ZERO;
  for (const line of lines) sum = sum.plus(line.amount);
  return sum;
}

/**
 * Prices one request under a plan version (the order of steps is documented on planPricingSchema). Exact: no
 * rounding anywhere. Period-dependent parts (tiers, allowances, money allowance, cap) read and advance `counters`
 * (the tenant's counters for the event's billing period), and only when the event is rated: an unrated event
 * changes nothing. Rating a period's events one after another in any order and batching gives the same total.
 * `periodShare` is the share of a whole period the event's billing period covers when it is short (the first
 * period after an anchor change, billingPeriodShare): its token and money allowances and its spend cap are
 * prorated to it, as the minimum commitment is; null (every whole period) leaves them as the plan states them.
 */
export function ratePlanRequest(
  request: RatableRequest,
  book: PlanPriceBook,
  override: CompiledOverride | null,
  counters: PeriodCounters,
  periodShare: PeriodShare | null = null,
): PlanRating {
  const { pricing } = book;
  // Loops rather than filter/find with closures: this runs for every event, and each closure is an allocation.
  const activeRules = applicableRules(pricing.rules, request);
  const conditions = conditionRules(activeRules);
  const customRates = override ? overrideRatesFor(override, request.modelId) : undefined;
  // Most events get no label and touch no counter: the set and the map are made only when needed.
  let labels: Set<string> | null = conditions.length === 0 ? null : new Set(conditions.map((rule) => rule.label));
  if (customRates) labels = withLabel(labels, "override_rates");

  // Pass 1: price every token type without touching counters, so an unrated event leaves them as they were.
  let pending: Map<string, bigint> | null = null;
  const lines: ChargeLine[] = [];
  for (const type of TOKEN_TYPES) {
    const quantity = request.tokens[type];
    if (quantity === 0n) continue;
    const meter = tierMeterFor(pricing, type, request.modelId);
    if (meter) {
      const key = meterKeys.tier(book.planVersionId, meter.id);
      pending ??= new Map();
      const before = counters.get(key).quantity + (pending.get(key) ?? 0n);
      pending.set(key, (pending.get(key) ?? 0n) + quantity);
      lines.push({
        kind: "tokens",
        tokenType: type,
        quantity,
        amount: incrementalTieredCharge(meter.schedule, before, quantity),
      });
      labels = withLabel(labels, `tier:${meter.id}`);
      continue;
    }
    const rate = unitRate(request, type, book, customRates, conditions);
    if (rate === undefined) return unratedReason(request, type, book, customRates);
    let billable = quantity;
    const allowance = tokenAllowanceFor(pricing, type, request.modelId);
    if (allowance) {
      const key = meterKeys.allowance(book.planVersionId, allowance.id);
      pending ??= new Map();
      const used = counters.get(key).quantity + (pending.get(key) ?? 0n);
      const included = periodShare ? prorateTokens(allowance.tokens, periodShare) : allowance.tokens;
      const free = minBigInt(quantity, maxBigInt(included - used, 0n));
      pending.set(key, (pending.get(key) ?? 0n) + quantity);
      billable = quantity - free;
      if (free > 0n) labels = withLabel(labels, `allowance:${allowance.id}`);
    }
    const rateUnits = perTokenUnits(rate);
    lines.push(
      rateUnits === undefined
        ? { kind: "tokens", tokenType: type, quantity, amount: priceTokens(billable, rate) }
        : new UnitsTokenLine(type, quantity, billable * rateUnits),
    );
  }
  for (const rule of activeRules) {
    if (rule.kind !== "request_fee") continue;
    lines.push({ kind: "request_fee", amount: new Money(rule.amount) });
    labels = withLabel(labels, "request_fee");
  }

  // Pass 2: the event is rated; apply the discount, advance counters, then the period's allowance and cap.
  if (override?.discountFactor) {
    const factor = override.discountFactor;
    for (const line of lines) line.amount = line.amount.times(factor);
    labels = withLabel(labels, "discount");
  }
  if (pending) {
    for (const [key, quantity] of pending) {
      const counter = counters.get(key);
      counters.set(key, { quantity: counter.quantity + quantity, amount: counter.amount });
    }
  }
  const cost = providerCost(request, book);
  // Most plans have no money allowance or cap: then the amount is the sum of the lines, in units when they all are.
  const hasSpendTerms = pricing.moneyAllowance !== null || pricing.spendCap !== null;
  const units = hasSpendTerms ? undefined : unitsTotal(lines);
  if (units !== undefined) return new UnitsRating(units, cost, ruleLabel(labels), lines);
  const gross = sumLines(lines);
  const adjustments = periodSpendAdjustments(gross, book, counters, periodShare);
  for (const adjustment of adjustments) {
    lines.push(adjustment.line);
    labels = withLabel(labels, adjustment.label);
  }
  const amount = adjustments.length === 0 ? gross : sumLines(lines);
  return new UnitsRating(amount, cost, ruleLabel(labels), lines);
}

function withLabel(labels: Set<string> | null, label: string): Set<string> {
  if (!labels) return new Set([label]);
  labels.add(label);
  return labels;
}

/** The pricing rule an event got: its labels joined with "+" in the order they were added, or "base". */
function ruleLabel(labels: ReadonlySet<string> | null): string {
  return labels === null || labels.size === 0 ? "base" : [...labels].join("+");
}

/** The lines' total in units, or undefined when any of them is not in units. */
function unitsTotal(lines: readonly ChargeLine[]): bigint | undefined {
  let total = 0n;
  for (const line of lines) {
    const units = line.kind === "tokens" ? line.units : undefined;
    if (units === undefined) return undefined;
    total += units;
  }
  return total;
}

/** "no price for model" when nothing prices the model at all; otherwise only this token type lacks a rate. */
function unratedReason(
  request: RatableRequest,
  type: TokenType,
  book: PlanPriceBook,
  customRates: ModelRates | undefined,
): PlanRating {
  const { pricing } = book;
  const costBased =
    pricing.unlisted.kind === "cost_markup" ||
    pricing.modelMarkups.some((m) => matchesAnyModelPattern(m.models, request.modelId));
  const priced =
    customRates !== undefined ||
    book.explicitRates(request.modelId, "") !== undefined ||
    pricing.unlisted.kind === "rates" ||
    (costBased && book.costRates(request.modelId, request.occurredAt) !== undefined);
  return priced
    ? { status: "unrated", reason: "no_price_for_token_type", tokenType: type }
    : { status: "unrated", reason: "no_price_for_model" };
}

/** The per-1M rate of one token type: base (override, explicit, markup, unlisted), then conditional rules in order. */
export function unitRate(
  request: RatableRequest,
  type: TokenType,
  book: PlanPriceBook,
  customRates: ModelRates | undefined,
  conditions: readonly ConditionRule[],
): Decimal | undefined {
  // Per token type: a type the override leaves out keeps the plan's rates (an override of the output rate alone
  // must not leave the model's input unpriced, and so its events unbilled).
  const custom = customRates?.[type];
  let rate: Decimal | undefined = custom ?? baseRate(request, type, book);
  for (const rule of conditions) {
    if (rate === undefined) return undefined;
    // A tenant's custom rate replaces the plan's, including its conditional rate sets; multipliers still apply.
    const explicit = custom === undefined ? book.explicitRates(request.modelId, rule.condition)?.[type] : undefined;
    if (explicit !== undefined) rate = explicit;
    else if (rule.multiplier) rate = rate.times(rule.multiplier);
  }
  return rate;
}

function baseRate(request: RatableRequest, type: TokenType, book: PlanPriceBook): Decimal | undefined {
  const explicit = book.explicitRates(request.modelId, "");
  if (explicit) return explicit[type];
  const { pricing } = book;
  const markup = pricing.modelMarkups.find((m) => matchesAnyModelPattern(m.models, request.modelId));
  if (markup) return book.costRates(request.modelId, request.occurredAt)?.[type]?.times(markup.factor);
  switch (pricing.unlisted.kind) {
    case "unpriced":
      return undefined;
    case "cost_markup":
      return book.costRates(request.modelId, request.occurredAt)?.[type]?.times(pricing.unlisted.factor);
    case "rates":
      return pricing.unlisted.rates[type];
  }
}

/**
 * The period's money allowance and spend cap work on the running total of charges (after discount) under this
 * plan version: billed(X) = min(max(X − allowance, 0), cap). The event adds billed(X + g) − billed(X); the
 * difference from its gross g is written as adjustment lines so the lines still sum to the amount.
 */
function periodSpendAdjustments(
  gross: Decimal,
  book: PlanPriceBook,
  counters: PeriodCounters,
  periodShare: PeriodShare | null,
): { line: ChargeLine; label: string }[] {
  const { moneyAllowance, spendCap } = book.pricing;
  if (!moneyAllowance && !spendCap) return [];
  // A short period's money allowance and cap are prorated like its token allowances and its minimum: a tenant is
  // not charged more in 14 days than 14 days' worth of its monthly cap.
  const allowanceAmount =
    moneyAllowance && periodShare ? prorateMoneyTerm(moneyAllowance.amount, periodShare) : moneyAllowance?.amount;
  const capAmount = spendCap && periodShare ? prorateMoneyTerm(spendCap, periodShare) : spendCap;
  const key = meterKeys.spend(book.planVersionId);
  const counter = counters.get(key);
  const before = counter.amount;
  const after = before.plus(gross);
  counters.set(key, { quantity: counter.quantity + 1n, amount: new Money(after) });
  const afterAllowance = (x: Decimal): Decimal => (allowanceAmount ? Money.max(x.minus(allowanceAmount), ZERO) : x);
  const capped = (x: Decimal): Decimal => (capAmount ? Money.min(x, capAmount) : x);
  const allowanceDelta = afterAllowance(after).minus(afterAllowance(before));
  const billedDelta = capped(afterAllowance(after)).minus(capped(afterAllowance(before)));
  const adjustments: { line: ChargeLine; label: string }[] = [];
  const allowanceAdjustment = allowanceDelta.minus(gross);
  if (!allowanceAdjustment.isZero()) {
    adjustments.push({
      line: { kind: "money_allowance", amount: new Money(allowanceAdjustment) },
      label: `allowance:${moneyAllowance?.id ?? ""}`,
    });
  }
  const capAdjustment = billedDelta.minus(allowanceDelta);
  if (!capAdjustment.isZero()) {
    adjustments.push({ line: { kind: "spend_cap", amount: new Money(capAdjustment) }, label: "spend_cap" });
  }
  return adjustments;
}

/**
 * Provider cost at the catalog's rates in force at the event (null when any used token type has no cost rate), in
 * units when every rate is a whole number of units.
 */
function providerCost(request: RatableRequest, book: PlanPriceBook): Money | bigint | null {
  const rates = book.costRates(request.modelId, request.occurredAt);
  if (!rates) return null;
  let units: bigint | undefined = 0n;
  for (const type of TOKEN_TYPES) {
    const quantity = request.tokens[type];
    if (quantity === 0n) continue;
    const rate = rates[type];
    if (rate === undefined) return null;
    const rateUnits = perTokenUnits(rate);
    units = rateUnits === undefined || units === undefined ? undefined : units + quantity * rateUnits;
  }
  if (units !== undefined) return units;
  let cost: Money = ZERO;
  for (const type of TOKEN_TYPES) {
    const quantity = request.tokens[type];
    const rate = rates[type];
    if (quantity !== 0n && rate !== undefined) cost = cost.plus(priceTokens(quantity, rate));
  }
  return cost;
}

const minBigInt = (a: bigint, b: bigint) => (a < b ? a : b);
const maxBigInt = (a: bigint, b: bigint) => (a > b ? a : b);
