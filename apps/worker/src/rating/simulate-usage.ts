import {
  billingPeriodStart,
  compilePlanPricing,
  money,
  PeriodCounters,
  planPricingSchema,
  TOKEN_TYPES,
  unitsToMoney,
  type ModelRates,
  type Money,
  type PlanPriceBook,
  type TokenCounts,
  type TokenType,
} from "@tollgate/domain";
import type { PlanContext, PlanContextLookup } from "./plan-context.ts";
import { periodKey, type CountersByPeriod } from "./period-counters.ts";
import { rateTenantUsage } from "./rate-usage.ts";

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
  after: Money;
  events: number;
  tokens: bigint;
  /** Events in the window the draft does not price (left out of `after`, never counted as zero). */
  unrated: number;
}

/**
 * One tenant's usage rated under the draft, fed in timestamp order page by page (rateTenantUsage, the worker's one
 * rating path). Tiers and allowances are counted per billing period from its start: events before `windowFrom` in the
 * window's first period are rated only to advance the period's counters, so they fill allowances and lower tiers
 * as they did, but are not part of the totals.
 */
export class TenantSimulation {
  private readonly counters: CountersByPeriod = new Map();
  private units = 0n;
  private inexact: Money = money("0");
  private readonly totals = { events: 0, tokens: 0n, unrated: 0 };

  constructor(
    private readonly tenantId: string,
    private readonly anchorDay: number,
    private readonly lookup: PlanContextLookup,
    private readonly windowFrom: Date,
  ) {}

  add(events: readonly SimulatedEvent[]): void {
    for (const event of events) {
      const key = periodKey(this.tenantId, billingPeriodStart(event.occurredAt, this.anchorDay));
      if (!this.counters.has(key)) this.counters.set(key, new PeriodCounters());
    }
    const ratings = rateTenantUsage(this.tenantId, this.anchorDay, events, this.lookup, this.counters);
    const from = this.windowFrom.getTime();
    events.forEach((event, index) => {
      if (event.occurredAt.getTime() < from) return;
      this.totals.events += 1;
      for (const type of TOKEN_TYPES) this.totals.tokens += event.tokens[type];
      const rating = ratings[index];
      if (rating?.status !== "rated") {
        this.totals.unrated += 1;
        return;
      }
      // Exact units where the rating has them (a bigint addition), decimal.js otherwise.
      if (rating.amountUnits === undefined) this.inexact = this.inexact.plus(rating.amount);
      else this.units += rating.amountUnits;
    });
  }

  result(): SimulatedTotals {
    return { after: unitsToMoney(this.units).plus(this.inexact), ...this.totals };
  }
}
