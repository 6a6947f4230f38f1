import type { DbOrTx } from "@tollgate/db";
import { getPlanInForce } from "../subscriptions/plan-in-force.ts";
import {
  getDailyUsageAndTotals,
  getUsageGroupedBy,
  getUsageTotals,
  type DailyUsage,
  type GroupedUsage,
  type UsageGroupBy,
  type UsageRange,
  type UsageTotals,
} from "./usage-reads.ts";

export interface UsageSummaryOptions {
  /** Add a per-UTC-day series (the console's chart). */
  daily?: boolean;
  /** Add a breakdown by this dimension (the REST API's group_by). */
  groupBy?: UsageGroupBy | undefined;
}

export interface UsageSummary {
  tenantId: string;
  range: UsageRange;
  /** Currency of the plan in force at the end of the range (USD when the tenant has no plan). */
  currency: string;
  plan: { code: string; name: string; version: number } | null;
  totals: UsageTotals;
  daily: DailyUsage[] | null;
  grouped: GroupedUsage | null;
}

/**
 * One tenant's usage over a validated [from, to): totals, the plan in force at the end of the range (or now, for a
 * range reaching into the future) and its currency, and the series or breakdown asked for. The one summary both
 * transports serve (tRPC usage.summary, REST GET /v1/usage/summary), each in its own shape.
 */
export async function summarizeUsage(
  db: DbOrTx,
  tenantId: string,
  range: UsageRange,
  options: UsageSummaryOptions = {},
): Promise<UsageSummary> {
  const planAt = new Date(Math.min(range.to.getTime() - 1, Date.now()));
  const [{ totals, daily }, grouped, plan] = await Promise.all([
    options.daily
      ? getDailyUsageAndTotals(db, tenantId, range)
      : getUsageTotals(db, tenantId, range).then((only) => ({ totals: only, daily: null })),
    options.groupBy ? getUsageGroupedBy(db, tenantId, range, options.groupBy) : null,
    getPlanInForce(db, tenantId, planAt),
  ]);
  return {
    tenantId,
    range,
    currency: plan?.currency ?? "USD",
    plan: plan ? { code: plan.planCode, name: plan.planName, version: plan.version } : null,
    totals,
    daily,
    grouped,
  };
}
