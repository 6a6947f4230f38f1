// Entry point @tollgate/use-cases/budgets.
export {
  BUDGET_PERIODS,
  BUDGET_SCOPES,
  DEFAULT_BUDGET_THRESHOLDS,
  validateThresholds,
  type BudgetPeriod,
  type BudgetScope,
  type BudgetView,
} from "./budget-row.ts";
export * from "./budget-spend.ts";
export * from "./create-budget.ts";
export * from "./delete-budget.ts";
export * from "./list-budgets.ts";
export * from "./update-budget.ts";
