import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createDatedRatesLookup, createModelIdResolver, money, toDecimalString } from "../src/index.ts";

describe("createModelIdResolver", () => {
  const resolve = createModelIdResolver([
    { id: "anthropic/claude-opus-4-6", aliases: ["claude-opus-4-6", "claude-opus-4-6-*", "claude-opus-4*"] },
    { id: "anthropic/claude-opus-4-1", aliases: ["claude-opus-4-1*"] },
    { id: "openai/gpt-4.1", aliases: ["gpt-4.1", "gpt-4.1-*"] },
    { id: "openai/gpt-4.1-mini", aliases: ["gpt-4.1-mini", "gpt-4.1-mini-*"] },
  ]);

  it("takes ids as they are, then exact aliases, then the most specific glob", () => {
    expect(resolve("openai/gpt-4.1")).toBe("openai/gpt-4.1");
    expect(resolve("gpt-4.1-mini")).toBe("openai/gpt-4.1-mini");
    expect(resolve("gpt-4.1-mini-2025-04-14")).toBe("openai/gpt-4.1-mini");
    expect(resolve("gpt-4.1-2025-04-14")).toBe("openai/gpt-4.1");
    expect(resolve("claude-opus-4-1-20250805")).toBe("anthropic/claude-opus-4-1");
    expect(resolve("claude-opus-4-6-20260101")).toBe("anthropic/claude-opus-4-6");
    expect(resolve("claude-opus-4-5")).toBe("anthropic/claude-opus-4-6");
    expect(resolve("mistral/unknown")).toBeNull();
  });

  it("does not depend on the order models are listed in", () => {
    const models = [
      { id: "b", aliases: ["x*"] },
      { id: "a", aliases: ["*y"] },
      { id: "c", aliases: ["xy"] },
    ];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(models, { minLength: 3, maxLength: 3 }),
        fc.constantFrom("xy", "xzy", "xq", "qy"),
        (order, name) => {
          return createModelIdResolver(order)(name) === createModelIdResolver(models)(name);
        },
      ),
    );
  });
});

describe("createDatedRatesLookup", () => {
  it("property: one millisecond before a change gets the old rate, the change instant the new one", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4_000_000_000_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (change, later) => {
          const lookup = createDatedRatesLookup([
            { modelId: "m", tokenType: "input", effectiveFrom: new Date(change), pricePerMillion: money("2") },
            { modelId: "m", tokenType: "input", effectiveFrom: new Date(0), pricePerMillion: money("1") },
            { modelId: "m", tokenType: "input", effectiveFrom: new Date(change + later), pricePerMillion: money("3") },
          ]);
          const at = (time: number) => toDecimalString(lookup("m", new Date(time))?.input ?? money("-1"));
          return (
            at(change - 1) === "1" && at(change) === "2" && at(change + later - 1) === "2" && at(change + later) === "3"
          );
        },
      ),
    );
  });

  it("has no rate before the first one is in force", () => {
    const lookup = createDatedRatesLookup([
      { modelId: "m", tokenType: "output", effectiveFrom: new Date(1000), pricePerMillion: money("2") },
    ]);
    expect(lookup("m", new Date(999))).toBeUndefined();
    expect(lookup("other", new Date(5000))).toBeUndefined();
  });

  it("property: each token type's rate is its own last change at or before the instant", () => {
    const row = fc.record({
      modelId: fc.constantFrom("m1", "m2"),
      tokenType: fc.constantFrom("input" as const, "output" as const, "cached_input" as const),
      from: fc.integer({ min: 0, max: 100 }),
      price: fc.integer({ min: 1, max: 1000 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(row, { selector: (r) => `${r.modelId}/${r.tokenType}/${r.from.toString()}` }),
        fc.integer({ min: -1, max: 101 }),
        (rows, time) => {
          const lookup = createDatedRatesLookup(
            rows.map((r) => ({
              modelId: r.modelId,
              tokenType: r.tokenType,
              effectiveFrom: new Date(r.from),
              pricePerMillion: money(r.price.toString()),
            })),
          );
          for (const modelId of ["m1", "m2"]) {
            const expected: Record<string, string> = {};
            for (const type of ["input", "output", "cached_input"]) {
              const last = rows
                .filter((r) => r.modelId === modelId && r.tokenType === type && r.from <= time)
                .sort((a, b) => b.from - a.from)[0];
              if (last) expected[type] = last.price.toString();
            }
            const found = lookup(modelId, new Date(time));
            const actual = Object.fromEntries(
              Object.entries(found ?? {}).map(([type, rate]) => [type, toDecimalString(rate)]),
            );
            expect(found === undefined ? undefined : actual).toEqual(
              Object.keys(expected).length === 0 ? undefined : expected,
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
