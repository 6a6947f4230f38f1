import {
  type BillingAnchor,
  billingPeriodStart,
  budgetCovers,
  budgetThresholdAlert,
  crossedThresholds,
  meterKeys,
  usageToMicroUnits,
  type AlertRecord,
  type Money,
} from "@tollgate/domain";
import type { StateSpend } from "@tollgate/queues";
import type { JobEvent } from "./job-events.ts";
import { periodKey, type CounterKey, type CountersByPeriod } from "./period-counters.ts";
import type { RatedEvent } from "./rate-events.ts";

import type { TenantBudget } from "@tollgate/db";

export type { TenantBudget };

/**
 * The budget counters the tenant's events may add to (per budget covering an event, per the event's billing period:
 * monthly budgets follow the tenant's anchor day).
 */
export function budgetCounterKeys(
  tenantId: string,
  anchor: BillingAnchor,
  events: readonly JobEvent[],
  budgets: readonly TenantBudget[] | undefined,
): CounterKey[] {
  if (!budgets || budgets.length === 0) return [];
  const keys = new Map<string, CounterKey>();
  for (const event of events) {
    const periodStart = billingPeriodStart(event.occurredAt, anchor);
    for (const budget of budgets) {
      if (!budgetCovers(budget, event.apiKeyId, event.event.customer)) continue;
      const meter = meterKeys.budget(budget.id);
      keys.set(`${periodStart.toISOString()}|${meter}`, { tenantId, periodStart, meter });
    }
  }
  return [...keys.values()];
}

/**
 * Adds the rated amounts of newly recorded events to the budgets that cover them (same currency only) and returns
 * the thresholds crossed (one alert per budget, period and threshold: the dedupe key) and every covered budget's
 * resulting spend for the hard-limit state in Redis. Counters must be locked (lockPeriodCounters).
 */
export function addBudgetSpend(
  tenantId: string,
  anchor: BillingAnchor,
  inserted: readonly RatedEvent[],
  budgets: readonly TenantBudget[] | undefined,
  counters: CountersByPeriod,
  lockedKeys: readonly CounterKey[],
): { alerts: AlertRecord[]; spends: StateSpend[] } {
  if (!budgets || budgets.length === 0) return { alerts: [], spends: [] };
  const before = new Map<string, Money>();
  for (const event of inserted) {
    if (event.rating.status !== "rated") continue;
    const periodStart = billingPeriodStart(event.occurredAt, anchor);
    const periodCounters = counters.get(periodKey(tenantId, periodStart));
    if (!periodCounters) throw new Error("budget counters were not locked before recording");
    for (const budget of budgets) {
      if (budget.currency !== event.rating.currency || !budgetCovers(budget, event.apiKeyId, event.event.customer))
        continue;
      const meter = meterKeys.budget(budget.id);
      const counter = periodCounters.get(meter);
      const key = `${periodStart.toISOString()}|${budget.id}`;
      if (!before.has(key)) before.set(key, counter.amount);
      periodCounters.set(meter, { quantity: counter.quantity + 1n, amount: counter.amount.plus(event.rating.amount) });
    }
  }
  const byId = new Map(budgets.map((budget) => [budget.id, budget]));
  const alerts: AlertRecord[] = [];
  const spends: StateSpend[] = [];
  for (const key of lockedKeys) {
    if (key.tenantId !== tenantId || !key.meter.startsWith("budget:")) continue;
    const budget = byId.get(key.meter.slice("budget:".length));
    const spent = counters.get(periodKey(tenantId, key.periodStart))?.get(key.meter).amount;
    if (!budget || !spent) continue;
    spends.push({
      state: { kind: "budget", budgetId: budget.id, periodStart: key.periodStart },
      spentMicro: usageToMicroUnits(spent),
    });
    const previous = before.get(`${key.periodStart.toISOString()}|${budget.id}`);
    if (!previous) continue;
    for (const threshold of crossedThresholds(budget.amount, previous, spent, budget.thresholds)) {
      alerts.push(budgetThresholdAlert(budget, key.periodStart, threshold, spent));
    }
  }
  return { alerts, spends };
}
