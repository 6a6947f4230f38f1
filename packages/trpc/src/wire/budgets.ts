// The REST API's snake_case shape of a budget.
import type { BudgetView } from "@tollgate/use-cases/budgets";

export function budgetJson(view: BudgetView) {
  return {
    id: view.id,
    tenant_id: view.tenantId,
    scope: view.scope,
    scope_ref: view.scopeRef,
    period: view.period,
    amount: view.amount,
    currency: view.currency,
    thresholds: view.thresholds,
    hard_limit: view.hardLimit,
    created_at: view.createdAt.toISOString(),
    managed_by: view.managedBy,
  };
}
