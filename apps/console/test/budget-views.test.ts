import { newTenantBudgetSchema } from "@tollgate/domain";
import { describe, expect, it } from "vitest";
import { budgetScopeName, budgetStatus, mostUsedBudgets, type BudgetWithSpend } from "../src/lib/budget-views.ts";
import { formatPercent } from "../src/lib/format.ts";
import { budgetsSearch } from "../src/lib/search-params.ts";

const budget = (id: string, fields: Partial<BudgetWithSpend>): BudgetWithSpend => ({
  id,
  tenant_id: "00000000-0000-4000-8000-0000000000aa",
  scope: "api_key",
  scope_ref: "00000000-0000-4000-8000-0000000000bb",
  period: "month",
  amount: "100",
  currency: "USD",
  thresholds: [50, 80, 100],
  hard_limit: false,
  created_at: "2026-12-01T00:00:00.000Z",
  managed_by: "tenant",
  spent: "0",
  ...fields,
});

describe("budget status", () => {
  it("is ok below the first threshold, warning from it, exceeded or blocked at the limit", () => {
    expect(budgetStatus(budget("a", { spent: "49.999999" })).state).toBe("ok");
    expect(budgetStatus(budget("a", { spent: "50" })).state).toBe("warning");
    expect(budgetStatus(budget("a", { spent: "100" })).state).toBe("exceeded");
    expect(budgetStatus(budget("a", { spent: "100", hard_limit: true })).state).toBe("blocked");
    // A budget alerting only at 100 % stays ok until then.
    expect(budgetStatus(budget("a", { spent: "99.99", thresholds: [100] })).state).toBe("ok");
  });

  it("computes remaining and the share used exactly, the bar clamped to 0-100", () => {
    const third = budgetStatus(budget("a", { amount: "0.3", spent: "0.1" }));
    expect(third.remaining).toBe("0.2");
    expect(formatPercent(third.percent)).toBe("33 %");
    const over = budgetStatus(budget("a", { amount: "10", spent: "12.5" }));
    expect(over).toMatchObject({ remaining: "0", percent: "125", bar: 100 });
    // 99.99 % is not shown as 100 %.
    expect(formatPercent(budgetStatus(budget("a", { spent: "99.99" })).percent)).toBe("99 %");
  });

  it("names keys by name, customers by id, and lists the closest to their limit first", () => {
    const names = new Map([["00000000-0000-4000-8000-0000000000bb", "agents"]]);
    expect(budgetScopeName(budget("a", {}), names)).toBe("agents");
    expect(budgetScopeName(budget("a", { scope: "customer", scope_ref: "acme" }), names)).toBe("acme");
    expect(budgetScopeName(budget("a", { scope: "tenant", scope_ref: "" }), names)).toBe("All usage");
    const ranked = mostUsedBudgets(
      [budget("low", { spent: "1" }), budget("high", { spent: "90" }), budget("mid", { amount: "2", spent: "1" })],
      2,
    );
    expect(ranked.map((entry) => entry.id)).toEqual(["high", "mid"]);
  });
});

describe("the budget form's schema (the api's input)", () => {
  const valid = { scope: "customer", scopeRef: "acme", amount: "25.50", currency: "USD" } as const;
  it("accepts a budget and names the field of each problem", () => {
    expect(newTenantBudgetSchema.safeParse(valid).success).toBe(true);
    const problems = (input: Record<string, unknown>) =>
      newTenantBudgetSchema.safeParse({ ...valid, ...input }).error?.issues.map((issue) => issue.path.join("."));
    expect(problems({ amount: "0" })).toEqual(["amount"]);
    expect(problems({ amount: "1e3" })).toEqual(["amount"]);
    expect(problems({ scopeRef: "" })).toEqual(["scopeRef"]);
    expect(problems({ scope: "tenant" })).toEqual(["scope"]);
    expect(problems({ thresholds: [80, 50] })).toEqual(["thresholds.1"]);
    expect(problems({ thresholds: [Number.NaN] })).toEqual(["thresholds.0"]);
    expect(problems({ currency: "usd" })).toEqual(["currency"]);
  });

  it("keeps the scope filter in the URL, ignoring a malformed one", () => {
    expect(budgetsSearch.parse({ scope: "customer" })).toEqual({ scope: "customer" });
    expect(budgetsSearch.parse({ scope: "nonsense" })).toEqual({ scope: undefined });
  });
});
