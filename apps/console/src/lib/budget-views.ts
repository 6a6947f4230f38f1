import { money, reachedThresholds } from "@tollgate/domain";
import type { RouterOutputs } from "./router-types.ts";

export type BudgetList = RouterOutputs["tenantBudgets"]["list"];
export type BudgetWithSpend = BudgetList["budgets"][number];
export type BudgetScope = BudgetWithSpend["scope"];

/** ok: below every threshold; warning: a threshold reached; exceeded: at or past the limit; blocked: a hard one. */
export type BudgetState = "ok" | "warning" | "exceeded" | "blocked";

export const BUDGET_STATE_LABELS: Record<BudgetState, string> = {
  ok: "OK",
  warning: "Warning",
  exceeded: "Exceeded",
  blocked: "Blocked",
};

export const BUDGET_STATE_COLORS: Record<BudgetState, "green" | "amber" | "red"> = {
  ok: "green",
  warning: "amber",
  exceeded: "red",
  blocked: "red",
};

export const BUDGET_SCOPE_LABELS: Record<BudgetScope, string> = {
  tenant: "Whole tenant",
  api_key: "API key",
  customer: "Customer",
};

export interface BudgetStatus {
  state: BudgetState;
  /** What is left this period, never below zero (exact decimal text). */
  remaining: string;
  /** Spend as a percentage of the limit, exact (may pass 100). */
  percent: string;
  /** The same, clamped to 0–100, for a progress bar. */
  bar: number;
}

/** Where a budget stands this period, from exact decimals (the spend counter and the limit). */
export function budgetStatus(
  budget: Pick<BudgetWithSpend, "amount" | "spent" | "thresholds" | "hard_limit">,
): BudgetStatus {
  const limit = money(budget.amount);
  const spent = money(budget.spent);
  const percent = limit.isZero() ? money("100") : spent.times(100).dividedBy(limit);
  const state: BudgetState = spent.gte(limit)
    ? budget.hard_limit
      ? "blocked"
      : "exceeded"
    : reachedThresholds(limit, spent, budget.thresholds).length > 0
      ? "warning"
      : "ok";
  const remaining = limit.minus(spent);
  return {
    state,
    remaining: (remaining.isNegative() ? money("0") : remaining).toFixed(),
    percent: percent.toFixed(),
    bar: Math.min(100, Math.max(0, percent.toDecimalPlaces(1).toNumber())),
  };
}

/** What a budget covers, for people: an API key by its name (its id when the key is not listed), a customer id. */
export function budgetScopeName(
  budget: Pick<BudgetWithSpend, "scope" | "scope_ref">,
  keyNames: ReadonlyMap<string, string>,
): string {
  if (budget.scope === "tenant") return "All usage";
  if (budget.scope === "api_key") return keyNames.get(budget.scope_ref) ?? budget.scope_ref;
  return budget.scope_ref;
}

/** The budgets closest to their limit first (the overview shows the top ones). */
export function mostUsedBudgets(budgets: readonly BudgetWithSpend[], count: number): BudgetWithSpend[] {
  return [...budgets]
    .sort((a, b) => money(budgetStatus(b).percent).comparedTo(money(budgetStatus(a).percent)))
    .slice(0, count);
}
