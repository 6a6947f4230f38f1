import { describe, expect, it } from "vitest";
import { diffPlanRates, diffPricingDocuments, planPricingSchema, type DiffableRate } from "../src/index.ts";

const rate = (modelId: string, tokenType: DiffableRate["tokenType"], price: string, condition = ""): DiffableRate => ({
  modelId,
  tokenType,
  condition,
  pricePerMillion: price,
});

describe("diffPlanRates", () => {
  const a = [
    rate("acme/one", "input", "3"),
    rate("acme/one", "output", "15"),
    rate("acme/one", "input", "6", "long_context"),
    rate("acme/two", "input", "0"),
    rate("acme/gone", "output", "1.25"),
  ];
  const b = [
    rate("acme/one", "output", "15.000"),
    rate("acme/one", "input", "3.3"),
    rate("acme/one", "input", "4.5", "long_context"),
    rate("acme/two", "input", "1"),
    rate("acme/new", "cached_input", "0.3"),
  ];

  it("classifies each (model, token type, condition) and computes the exact % change", () => {
    const diff = diffPlanRates(a, b);
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 3, unchanged: 1 });
    expect(diff.entries).toEqual(
      [
        { ...rate("acme/gone", "output", ""), kind: "removed", before: "1.25", after: null, changePercent: null },
        { ...rate("acme/new", "cached_input", ""), kind: "added", before: null, after: "0.3", changePercent: null },
        { ...rate("acme/one", "input", ""), kind: "changed", before: "3", after: "3.3", changePercent: "10" },
        {
          ...rate("acme/one", "input", "", "long_context"),
          kind: "changed",
          before: "6",
          after: "4.5",
          changePercent: "-25",
        },
        // From zero there is no percentage.
        { ...rate("acme/two", "input", ""), kind: "changed", before: "0", after: "1", changePercent: null },
      ].map(({ pricePerMillion: _price, ...entry }) => entry),
    );
  });

  it("keeps prices equal as decimals unchanged and lists them only when asked", () => {
    const withUnchanged = diffPlanRates(a, b, { includeUnchanged: true });
    expect(withUnchanged.entries.filter((entry) => entry.kind === "unchanged")).toEqual([
      {
        modelId: "acme/one",
        tokenType: "output",
        condition: "",
        kind: "unchanged",
        before: "15",
        after: "15.000",
        changePercent: null,
      },
    ]);
    expect(withUnchanged.counts).toEqual(diffPlanRates(a, b).counts);
  });

  it("gives no change percentage float noise: 0.1 → 0.3 is exactly +200 %", () => {
    const diff = diffPlanRates([rate("m", "input", "0.1")], [rate("m", "input", "0.3")]);
    expect(diff.entries[0]?.changePercent).toBe("200");
    const third = diffPlanRates([rate("m", "input", "3")], [rate("m", "input", "4")]);
    expect(third.entries[0]?.changePercent).toMatch(/^33\.3333333333/);
  });

  it("finds nothing between a version and itself, at catalog size", () => {
    const big = Array.from({ length: 7500 }, (_, index) => rate(`p/m${String(index)}`, "input", `${String(index)}.5`));
    const diff = diffPlanRates(big, [...big].reverse());
    expect(diff.entries).toEqual([]);
    expect(diff.counts).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 7500 });
  });
});

describe("diffPricingDocuments", () => {
  it("lists changed, added and removed fields by path with before → after", () => {
    const a = planPricingSchema.parse({
      rules: [{ kind: "long_context", prompt_tokens_above: 200000, multiplier: "2" }],
      spend_cap: "100",
    });
    const b = planPricingSchema.parse({
      rules: [
        { kind: "long_context", prompt_tokens_above: 128000, multiplier: "2" },
        { kind: "request_fee", amount: "0.01" },
      ],
      minimum_commitment: "500",
    });
    const diff = diffPricingDocuments(a, b);
    expect(diff.changes).toEqual([
      { path: "minimum_commitment", before: null, after: "500" },
      { path: "rules.0.prompt_tokens_above", before: 200000, after: 128000 },
      { path: "rules.1.amount", after: "0.01" },
      { path: "rules.1.kind", after: "request_fee" },
      { path: "spend_cap", before: "100", after: null },
    ]);
    // model_markups, allowances and tiers ([] each), unlisted_models.kind, rules.0.kind and rules.0.multiplier.
    expect(diff.unchangedCount).toBe(6);
  });

  it("shows an emptied list as the list before and [] after", () => {
    const diff = diffPricingDocuments({ tiers: [{ id: "t" }] }, { tiers: [] });
    expect(diff.changes).toEqual([
      { path: "tiers", after: "[]" },
      { path: "tiers.0.id", before: "t" },
    ]);
  });

  it("orders array items numerically (rules.2 before rules.10) and finds nothing between equal documents", () => {
    const many = { rules: Array.from({ length: 11 }, (_, index) => ({ amount: String(index) })) };
    const changed = { rules: many.rules.map((rule) => ({ amount: `${rule.amount}0` })) };
    expect(
      diffPricingDocuments(many, changed)
        .changes.slice(0, 3)
        .map((change) => change.path),
    ).toEqual(["rules.0.amount", "rules.1.amount", "rules.2.amount"]);
    expect(diffPricingDocuments(many, structuredClone(many))).toEqual({ changes: [], unchangedCount: 11 });
  });
});
