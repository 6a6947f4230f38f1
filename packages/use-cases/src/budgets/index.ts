// Entry point @tollgate/use-cases/budgets.
export * from "./budget-spend.ts";
export * from "./budgets.ts";
