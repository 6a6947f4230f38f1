import {
  type BillingAnchor,
  billingPeriodEnd,
  billingPeriodStart,
  commitmentTrueUp,
  nominalPeriodMs,
  compilePlanPricing,
  money,
  PeriodCounters,
  planPricingSchema,
  TOKEN_TYPES,
  unitsToMoney,
  type CreditableCharge,
  type ModelRates,
  type Money,
  type PlanPriceBook,
  type TokenCounts,
  type TokenType,
} from "@tollgate/domain";
import type { PlanContext, PlanContextLookup } from "./plan-context.ts";
import { periodKey, type CountersByPeriod } from "./period-counters.ts";
import { rateTenantUsage } from "./rate-usage.ts";
import type { SimulatedCredits } from "./simulated-credits.ts";

/** One explicit rate of the draft, as snapshotted when the simulation started. */
export interface DraftRate {
  model_id: string;
  condition: string;
  token_type: TokenType;
  price: string;
}

/** The draft's price book, from its snapshot: the same PlanPriceBook the worker rates published versions with. */
export function draftPriceBook(
  draft: { planVersionId: string; currency: string; pricing: unknown; rates: readonly DraftRate[] },
  costRates: PlanPriceBook["costRates"],
): PlanPriceBook {
  // Not through price-in-force's cache of compiled pricing: that one is keyed by version and a draft may change.
  const pricing = compilePlanPricing(planPricingSchema.parse(draft.pricing));
  const byModel = new Map<string, Map<string, ModelRates>>();
  for (const rate of draft.rates) {
    if (!TOKEN_TYPES.includes(rate.token_type)) continue;
    let byCondition = byModel.get(rate.model_id);
    if (!byCondition) byModel.set(rate.model_id, (byCondition = new Map<string, ModelRates>()));
    const rates = byCondition.get(rate.condition) ?? {};
    rates[rate.token_type] = money(rate.price);
    byCondition.set(rate.condition, rates);
  }
  return {
    planVersionId: draft.planVersionId,
    currency: draft.currency,
    pricing,
    explicitRates: (modelId, condition) => byModel.get(modelId)?.get(condition),
    costRates,
  };
}

/**
 * The tenant's plan context with the draft in place of the version in force: the tenant's override at each instant
 * still applies; instants without a subscription stay unpriced (null), as they were.
 */
export function withDraft(actual: PlanContextLookup, draft: PlanPriceBook): PlanContextLookup {
  let last: PlanContext | null = null;
  return (at) => {
    const context = actual(at);
    if (!context) return null;
    if (last?.override !== context.override) last = { book: draft, override: context.override };
    return last;
  };
}

/** An event as a simulation reads it from usage_events (model resolved against today's catalog). */
export interface SimulatedEvent {
  modelId: string;
  occurredAt: Date;
  tokens: TokenCounts;
  serviceTier: string | undefined;
}

export interface SimulatedTotals {
  /** Usage charges plus the draft's commitment true-up of every billing period wholly inside the window. */
  after: Money;
  /** The part of `after` that is commitment true-ups. */
  commitment: Money;
  events: number;
  tokens: bigint;
  /** Events in the window the draft does not price (left out of `after`, never counted as zero). */
  unrated: number;
}

/**
 * One tenant's usage rated under the draft, fed in timestamp order page by page (rateTenantUsage, the worker's one
 * rating path). Tiers and allowances are counted per billing period from its start: events before `windowFrom` in the
 * window's first period are rated only to advance the period's counters, so they fill allowances and lower tiers
 * as they did, but are not part of the totals. `credits` pays the window's charges as they are rated.
 */
export class TenantSimulation {
  private readonly counters: CountersByPeriod = new Map();
  /** Usage charged in the window per billing period (its start in ms): exact units, and decimal.js otherwise. */
  private readonly periods = new Map<number, { units: bigint; inexact: Money }>();
  private readonly totals = { events: 0, tokens: 0n, unrated: 0 };

  constructor(
    private readonly tenantId: string,
    private readonly anchor: BillingAnchor,
    private readonly lookup: PlanContextLookup,
    private readonly windowFrom: Date,
    private readonly credits: SimulatedCredits,
  ) {}

  add(events: readonly SimulatedEvent[]): void {
    for (const event of events) {
      const key = periodKey(this.tenantId, billingPeriodStart(event.occurredAt, this.anchor));
      if (!this.counters.has(key)) this.counters.set(key, new PeriodCounters());
    }
    const ratings = rateTenantUsage(this.tenantId, this.anchor, events, this.lookup, this.counters);
    const from = this.windowFrom.getTime();
    const charges: CreditableCharge[] | null = this.credits.active ? [] : null;
    events.forEach((event, index) => {
      if (event.occurredAt.getTime() < from) return;
      this.totals.events += 1;
      for (const type of TOKEN_TYPES) this.totals.tokens += event.tokens[type];
      const rating = ratings[index];
      if (rating?.status !== "rated") {
        this.totals.unrated += 1;
        return;
      }
      const start = billingPeriodStart(event.occurredAt, this.anchor).getTime();
      let period = this.periods.get(start);
      if (!period) this.periods.set(start, (period = { units: 0n, inexact: money("0") }));
      charges?.push({ occurredAt: event.occurredAt, currency: rating.currency, amount: rating.amount });
      // Exact units where the rating has them (a bigint addition), decimal.js otherwise.
      if (rating.amountUnits === undefined) period.inexact = period.inexact.plus(rating.amount);
      else period.units += rating.amountUnits;
    });
    if (charges) this.credits.pay(charges);
  }

  /**
   * The totals; `window` adds the draft's minimum commitment true-up (as a close books it) for each billing period
   * wholly inside it, prorated by the hours of the period the tenant had a subscription (of a whole period: a short
   * one after an anchor change is prorated, as its allowances are by rateTenantUsage).
   */
  result(window: { from: Date; to: Date }, minimum: Money | null): SimulatedTotals {
    let usage = money("0");
    const charged = new Map<number, Money>();
    for (const [start, period] of this.periods) {
      const amount = unitsToMoney(period.units).plus(period.inexact);
      charged.set(start, amount);
      usage = usage.plus(amount);
    }
    let commitment = money("0");
    if (minimum !== null) {
      for (const period of periodsWithin(window, this.anchor)) {
        commitment = commitment.plus(
          commitmentTrueUp({
            minimum,
            charged: charged.get(period.from.getTime()) ?? money("0"),
            coveredMs: this.coveredMs(period),
            // As the close: a short period after an anchor change owes its share of a whole period of the new day.
            periodMs: nominalPeriodMs(period.from, this.anchor),
          }),
        );
      }
    }
    return { after: usage.plus(commitment), commitment, ...this.totals };
  }

  /** The hours of the period when the tenant had a subscription (the lookup answers per instant). */
  private coveredMs(period: { from: Date; to: Date }): number {
    let covered = 0;
    for (let time = period.from.getTime(); time < period.to.getTime(); time += HOUR_MS) {
      if (this.lookup(new Date(time))) covered += Math.min(HOUR_MS, period.to.getTime() - time);
    }
    return covered;
  }
}

const HOUR_MS = 3_600_000;

/** The tenant's billing periods that lie wholly inside the window. */
export function periodsWithin(window: { from: Date; to: Date }, anchor: BillingAnchor): { from: Date; to: Date }[] {
  const periods: { from: Date; to: Date }[] = [];
  let start = billingPeriodStart(window.from, anchor);
  if (start < window.from) start = billingPeriodEnd(start, anchor);
  for (let end = billingPeriodEnd(start, anchor); end <= window.to; end = billingPeriodEnd(start, anchor)) {
    periods.push({ from: start, to: end });
    start = end;
  }
  return periods;
}
