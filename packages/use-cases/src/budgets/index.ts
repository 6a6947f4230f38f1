// Entry point @tollgate/use-cases/budgets.
export {
  BUDGET_MANAGERS,
  BUDGET_PERIODS,
  BUDGET_SCOPES,
  DEFAULT_BUDGET_THRESHOLDS,
  validateThresholds,
  type BudgetManager,
  type BudgetPeriod,
  type BudgetScope,
  type BudgetView,
} from "./budget-row.ts";
export * from "./budget-spend.ts";
export * from "./create-budget.ts";
export * from "./delete-budget.ts";
export * from "./list-budgets.ts";
export * from "./update-budget.ts";
export * from "./tenant-budget-allowance.ts";
export * from "./tenant-budgets.ts";
export * from "./list-budgets-with-spend.ts";
