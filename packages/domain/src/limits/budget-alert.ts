import type { Decimal } from "decimal.js";
import { toDecimalString } from "../money.ts";

/** A budget as alerts describe it. */
export interface AlertingBudget {
  id: string;
  tenantId: string;
  scope: string;
  scopeRef: string;
  amount: Decimal;
  currency: string;
  hardLimit: boolean;
}

/** An alert row: written once per (tenant, dedupe key). */
export interface AlertRecord {
  tenantId: string;
  kind: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

export const BUDGET_THRESHOLD_ALERT = "budget.threshold_crossed";

/**
 * The alert for a budget threshold reached in a period: one per (budget, period, threshold), whoever notices it
 * first (the worker recording usage, or the budget service when a budget is set or lowered mid-period).
 */
export function budgetThresholdAlert(
  budget: AlertingBudget,
  periodStart: Date,
  threshold: number,
  spent: Decimal,
): AlertRecord {
  return {
    tenantId: budget.tenantId,
    kind: BUDGET_THRESHOLD_ALERT,
    dedupeKey: `budget:${budget.id}:${periodStart.toISOString()}:${threshold.toString()}`,
    payload: {
      budget_id: budget.id,
      scope: budget.scope,
      scope_ref: budget.scopeRef,
      period_start: periodStart.toISOString(),
      threshold_percent: threshold,
      amount: toDecimalString(budget.amount),
      spent: toDecimalString(spent),
      currency: budget.currency,
      hard_limit: budget.hardLimit,
    },
  };
}
