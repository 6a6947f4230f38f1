import { describe, expect, it } from "vitest";
import { planPricingSchema, tenantOverrideSchema } from "../src/index.ts";

const issues = (input: unknown) => {
  const result = planPricingSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

describe("planPricingSchema", () => {
  it("fills defaults: unlisted models unpriced, no rules, no tiers, no commitment or cap", () => {
    expect(planPricingSchema.parse({})).toEqual({
      model_markups: [],
      unlisted_models: { kind: "unpriced" },
      rules: [],
      allowances: [],
      tiers: [],
      minimum_commitment: null,
      spend_cap: null,
    });
  });

  it("rejects floats, negative amounts, bad tiers and duplicate meters with the path of the problem", () => {
    expect(issues({ spend_cap: 10.5 })).toEqual(["spend_cap: Invalid input: expected string, received number"]);
    expect(issues({ minimum_commitment: "-1" })[0]).toMatch(/^minimum_commitment: /);
    expect(
      issues({
        tiers: [
          {
            id: "out",
            token_types: ["output"],
            schedule: { mode: "graduated", tiers: [{ up_to: "10", price_per_million: "1" }] },
          },
        ],
      }),
    ).toEqual(["tiers.0.schedule: only the last tier is unbounded (upTo null)"]);
    expect(
      issues({
        allowances: [
          { kind: "money", id: "a", amount: "1" },
          { kind: "tokens", id: "a", tokens: "5" },
        ],
      }),
    ).toEqual([': meter id "a" is used twice']);
    expect(issues({ rules: [{ kind: "service_tier", service_tier: "batch", multiplier: "x" }] })[0]).toMatch(
      /^rules.0.multiplier: must be a decimal/,
    );
    expect(issues({ surprise: true })[0]).toMatch(/Unrecognized key/);
  });

  it("accepts several long_context rules for different models, and refuses one that could never apply", () => {
    const legacy = { rules: [{ kind: "long_context", prompt_tokens_above: 200_000, multiplier: "2" }] };
    // A stored single rule without models parses to exactly what it did before models existed.
    expect(planPricingSchema.parse(legacy).rules).toEqual(legacy.rules);
    const lc = (above: number, models?: string[]) => ({ kind: "long_context", prompt_tokens_above: above, models });
    expect(issues({ rules: [lc(200_000, ["a/x", "a/y"]), lc(272_000, ["b/*"]), lc(128_000)] })).toEqual([]);
    expect(issues({ rules: [lc(200_000, ["a/x", "a/y"]), lc(272_000, ["a/y", "a/x"])] })).toEqual([
      "rules.1: this long_context rule is never used: rules.0 already covers the same models (a model uses the first long_context rule matching it)",
    ]);
    expect(issues({ rules: [lc(200_000, ["a/x"]), lc(200_000, ["a/x"])] })).toHaveLength(1);
    expect(issues({ rules: [lc(200_000), { kind: "request_fee", amount: "1" }, lc(100_000, ["a/x"])] })).toEqual([
      "rules.2: this long_context rule is never used: rules.0 has no models, so it applies to every model (a model uses the first long_context rule matching it)",
    ]);
    expect(issues({ rules: [lc(200_000, [])] })[0]).toMatch(/^rules.0.models: /);
  });

  it("accepts discounts only as percentages of at most 100", () => {
    expect(tenantOverrideSchema.safeParse({ discount_percent: "100" }).success).toBe(true);
    expect(tenantOverrideSchema.safeParse({ discount_percent: "100.5" }).success).toBe(false);
  });
});
