import { describe, expect, it } from "vitest";
import { adjustPrice, applyBulkAction, bulkActionProblem } from "../src/lib/bulk-price.ts";
import { splitPlanProblems } from "../src/lib/plan-server-errors.ts";
import { RatesDraft, rateKey } from "../src/lib/rates-draft.ts";

describe("adjustPrice", () => {
  it("raises and lowers by a percentage exactly, as decimal text", () => {
    expect(adjustPrice("10", "20")).toBe("12");
    expect(adjustPrice("0.1", "20")).toBe("0.12"); // 0.1 × 1.2 is 0.12000000000000001 in floats
    expect(adjustPrice("15", "-10")).toBe("13.5");
    expect(adjustPrice("3", "0")).toBe("3");
    expect(adjustPrice("123456789012345678901234567890", "100")).toBe("246913578024691357802469135780");
  });

  it("rounds to 6 decimals, half-even", () => {
    expect(adjustPrice("1", "33.3333333")).toBe("1.333333");
    expect(adjustPrice("0.0000125", "0")).toBe("0.000012"); // half to even: 12|5 → 12
    expect(adjustPrice("0.0000135", "0")).toBe("0.000014"); // half to even: 13|5 → 14
    expect(adjustPrice("0.075", "-66.6666")).toBe("0.025");
  });
});

describe("bulkActionProblem", () => {
  it("refuses what is not a percentage or a price", () => {
    expect(bulkActionProblem({ kind: "percent", percent: "20" })).toBeNull();
    expect(bulkActionProblem({ kind: "percent", percent: "-12.5" })).toBeNull();
    expect(bulkActionProblem({ kind: "percent", percent: "abc" })).toMatch(/must be a number/);
    expect(bulkActionProblem({ kind: "percent", percent: "-100" })).toMatch(/less than 100 %/);
    expect(bulkActionProblem({ kind: "set", price: "1e3" })).toMatch(/decimal number/);
    expect(bulkActionProblem({ kind: "set", price: "-1" })).toMatch(/negative/);
    expect(bulkActionProblem({ kind: "set", price: "2.50" })).toBeNull();
  });
});

describe("applyBulkAction", () => {
  const cells = new Map([
    ["a", "10"],
    ["b", ""],
    ["c", "oops"],
    ["d", "0.3"],
  ]);

  it("changes only cells with a valid price by a percentage", () => {
    expect(applyBulkAction(cells, { kind: "percent", percent: "20" })).toEqual(
      new Map([
        ["a", "12"],
        ["d", "0.36"],
      ]),
    );
  });

  it("sets every cell, empty ones too, with 'set price'; nothing for an invalid action", () => {
    expect([...applyBulkAction(cells, { kind: "set", price: "1.50" }).values()]).toEqual(["1.5", "1.5", "1.5", "1.5"]);
    expect(applyBulkAction(cells, { kind: "percent", percent: "x" }).size).toBe(0);
  });
});

describe("RatesDraft", () => {
  const rates = [
    { model_id: "openai/a", token_type: "input" as const, condition: "", price_per_million: "1.5" },
    { model_id: "openai/a", token_type: "output" as const, condition: "long_context", price_per_million: "4" },
  ];

  it("counts changes, ignores edits back to an equal price, and drops emptied cells from the rate list", () => {
    const draft = new RatesDraft(rates);
    draft.setText(rateKey("openai/a", "", "input"), "1.50");
    expect(draft.changeCount()).toBe(0);
    draft.setText(rateKey("openai/a", "", "input"), "");
    draft.setText(rateKey("openai/b", "", "output"), "2");
    draft.setText(rateKey("openai/b", "", "reasoning"), "x");
    expect(draft.changeCount()).toBe(3);
    expect(draft.invalidCount()).toBe(1);
    draft.setText(rateKey("openai/b", "", "reasoning"), "");
    expect(draft.rateList()).toEqual([
      { model_id: "openai/a", token_type: "output", condition: "long_context", price_per_million: "4" },
      { model_id: "openai/b", token_type: "output", condition: "", price_per_million: "2" },
    ]);
    expect([...draft.savedConditions()].sort()).toEqual(["", "long_context"]);
    draft.discard();
    expect(draft.text(rateKey("openai/a", "", "input"))).toBe("1.5");
  });
});

describe("splitPlanProblems", () => {
  it("puts input field errors at their form path", () => {
    const problems = splitPlanProblems("invalid input: …", {
      "pricing.tiers.0.schedule": "tier up_to values must ascend",
      effective_from: "must be an RFC 3339 date-time",
    });
    expect(problems.fields).toEqual([
      { path: "pricing.tiers.0.schedule", message: "tier up_to values must ascend" },
      { path: "effective_from", message: "must be an RFC 3339 date-time" },
    ]);
    expect(problems.other).toBeNull();
  });

  it("splits a use case's message into rate rows, fields and the rest", () => {
    const problems = splitPlanProblems(
      'rates.3.condition: no rule in pricing.rules has the condition "long_context"; rates.7: the same model',
      undefined,
    );
    expect(problems.rates).toEqual([
      { index: 3, message: 'no rule in pricing.rules has the condition "long_context"' },
      { index: 7, message: "the same model" },
    ]);
    expect(splitPlanProblems("version 2 is published: copy it", undefined).other).toBe(
      "version 2 is published: copy it",
    );
    expect(splitPlanProblems("pricing.rules: the version has rates for x", undefined).fields).toEqual([
      { path: "pricing.rules", message: "the version has rates for x" },
    ]);
  });
});
