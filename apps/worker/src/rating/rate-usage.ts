import {
  type BillingAnchor,
  billingPeriodShare,
  billingPeriodStart,
  planMeterKeys,
  ratePlanRequest,
  type ChargeLine,
  type Money,
  type RatedPlanRequest,
  PeriodCounters,
  type PeriodShare,
  type TokenCounts,
} from "@tollgate/domain";
import type { PlanContextLookup } from "./plan-context.ts";
import { periodKey, type CounterKey, type CountersByPeriod } from "./period-counters.ts";

/** One event as the worker rates it: its model already resolved to a catalog id where one matches. */
interface UsageToRate {
  modelId: string;
  occurredAt: Date;
  tokens: TokenCounts;
  serviceTier?: string | undefined;
}

export interface RatedUsage {
  status: "rated";
  amount: Money;
  cost: Money | null;
  /** amount and cost in exact units (see @tollgate/domain exact-units), when priced that way. */
  amountUnits?: bigint | undefined;
  costUnits?: bigint | undefined;
  currency: string;
  planVersionId: string;
  rule: string;
  lines: ChargeLine[];
}

export type UsageRating = RatedUsage | { status: "unrated"; reason: string };

/** A plan rating with the plan's currency and version; reading amount or cost as Money is left to the consumer. */
class PlanUsageRating implements RatedUsage {
  readonly status = "rated" as const;

  constructor(
    private readonly rating: RatedPlanRequest,
    readonly currency: string,
    readonly planVersionId: string,
  ) {}

  get amount(): Money {
    return this.rating.amount;
  }

  get cost(): Money | null {
    return this.rating.cost;
  }

  get amountUnits(): bigint | undefined {
    return this.rating.amountUnits;
  }

  get costUnits(): bigint | undefined {
    return this.rating.costUnits;
  }

  get rule(): string {
    return this.rating.rule;
  }

  get lines(): ChargeLine[] {
    return this.rating.lines;
  }
}

/**
 * The period counters a tenant's events will read, so they can be locked before any is rated. Periods start on the
 * tenant's billing anchor day.
 */
export function counterKeysFor(
  tenantId: string,
  anchor: BillingAnchor,
  usage: readonly UsageToRate[],
  lookup: PlanContextLookup,
): CounterKey[] {
  const keys = new Map<string, CounterKey>();
  for (const item of usage) {
    const context = lookup(item.occurredAt);
    if (!context?.book.pricing.usesPeriodCounters) continue;
    const periodStart = billingPeriodStart(item.occurredAt, anchor);
    for (const meter of planMeterKeys(context.book.planVersionId, context.book.pricing)) {
      keys.set(`${periodStart.toISOString()}|${meter}`, { tenantId, periodStart, meter });
    }
  }
  return [...keys.values()];
}

const NO_COUNTERS_NEEDED = new Map<string, PeriodCounters>();
// Prices that do not depend on the period never read or write counters, so one empty set serves them all.
const UNUSED_COUNTERS = new PeriodCounters();

/**
 * Rates one tenant's events in the order given (callers pass them by timestamp, so earlier usage fills allowances
 * and lower tiers first), each at the plan version and override in force at its own timestamp. Period-dependent
 * prices read and advance `counters`, which must hold every key counterKeysFor returned; allowances of a short
 * period (the first after an anchor change) are prorated to the share of a whole period it covers.
 */
export function rateTenantUsage(
  tenantId: string,
  anchor: BillingAnchor,
  usage: readonly UsageToRate[],
  lookup: PlanContextLookup,
  counters: CountersByPeriod = NO_COUNTERS_NEEDED,
): UsageRating[] {
  // A job's events fall in one or two periods: each period's share is computed once.
  const shares = new Map<number, PeriodShare | null>();
  const shareOf = (periodStart: Date): PeriodShare | null => {
    let share = shares.get(periodStart.getTime());
    if (share === undefined) {
      share = billingPeriodShare(periodStart, anchor);
      shares.set(periodStart.getTime(), share);
    }
    return share;
  };
  return usage.map((item) => {
    const context = lookup(item.occurredAt);
    if (!context) return { status: "unrated", reason: "no_subscription" };
    const { book } = context;
    let periodCounters: PeriodCounters | undefined;
    let periodShare: PeriodShare | null = null;
    if (book.pricing.usesPeriodCounters) {
      const periodStart = billingPeriodStart(item.occurredAt, anchor);
      periodCounters = counters.get(periodKey(tenantId, periodStart));
      if (!periodCounters) throw new Error("period counters were not locked before rating");
      periodShare = shareOf(periodStart);
    }
    const rating = ratePlanRequest(item, book, context.override, periodCounters ?? UNUSED_COUNTERS, periodShare);
    if (rating.status === "unrated") return { status: "unrated", reason: rating.reason };
    return new PlanUsageRating(rating, book.currency, book.planVersionId);
  });
}
