import { describe, expect, it } from "vitest";
import { budgetCovers, budgetScopeFilter, type ScopedBudget } from "../src/index.ts";

interface Usage {
  apiKeyId: string | null | undefined;
  customer: string | null | undefined;
}
const covers = (budget: ScopedBudget, usage: Usage) => budgetCovers(budget, usage.apiKeyId, usage.customer);

const usages: Usage[] = [
  { apiKeyId: "key-a", customer: "acme" },
  { apiKeyId: "key-b", customer: "globex" },
  { apiKeyId: null, customer: undefined },
  { apiKeyId: undefined, customer: null },
];

describe("budget scope", () => {
  it("covers all of the tenant's usage, or just its API key's or customer's", () => {
    expect(usages.every((usage) => covers({ scope: "tenant", scopeRef: "" }, usage))).toBe(true);
    expect(usages.map((usage) => covers({ scope: "api_key", scopeRef: "key-a" }, usage))).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(usages.map((usage) => covers({ scope: "customer", scopeRef: "globex" }, usage))).toEqual([
      false,
      true,
      false,
      false,
    ]);
  });

  it("gives the same answer as a filter over stored usage", () => {
    const scopes: ScopedBudget["scope"][] = ["tenant", "api_key", "customer"];
    for (const scope of scopes) {
      for (const scopeRef of ["key-a", "acme", "globex"]) {
        const filter = budgetScopeFilter({ scope, scopeRef });
        for (const usage of usages) {
          const matches =
            (filter.apiKeyId === null || filter.apiKeyId === usage.apiKeyId) &&
            (filter.customer === null || filter.customer === usage.customer);
          expect(matches).toBe(covers({ scope, scopeRef }, usage));
        }
      }
    }
  });
});
