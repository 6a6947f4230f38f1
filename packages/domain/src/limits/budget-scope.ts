export interface ScopedBudget {
  /** What the budget counts: all of a tenant's usage, one of its API keys', or one of its customers'. */
  scope: "tenant" | "api_key" | "customer";
  /** The API key id or customer the budget is for (ignored for a tenant budget). */
  scopeRef: string;
}

/**
 * The budget scope rule: which usage a budget covers (its spend counts it, its hard limit holds it). Used by the
 * worker per event, by ingest's reservations per request and, as budgetScopeFilter, by the SQL recount of a budget.
 * The usage's two fields are plain arguments: the worker asks per event and budget, so nothing is allocated.
 */
export function budgetCovers(
  budget: ScopedBudget,
  apiKeyId: string | null | undefined,
  customer: string | null | undefined,
): boolean {
  if (budget.scope === "tenant") return true;
  if (budget.scope === "api_key") return apiKeyId === budget.scopeRef;
  return customer === budget.scopeRef;
}

/** budgetCovers as column values for a query over stored usage: a row is covered when each non-null one matches. */
export function budgetScopeFilter(budget: ScopedBudget): { apiKeyId: string | null; customer: string | null } {
  return {
    apiKeyId: budget.scope === "api_key" ? budget.scopeRef : null,
    customer: budget.scope === "customer" ? budget.scopeRef : null,
  };
}
