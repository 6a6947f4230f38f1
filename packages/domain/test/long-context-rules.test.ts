import { describe, expect, it } from "vitest";
import {
  money,
  PeriodCounters,
  ratePlanRequest,
  toDecimalString,
  zeroTokenCounts,
  type PlanPriceBook,
  type PlanPricingInput,
  type TokenCounts,
} from "../src/index.ts";
import { priceBook } from "./support-price-book.ts";

const AT = new Date("2026-11-10T12:00:00Z");

const rate = (book: PlanPriceBook, modelId: string, counts: Partial<TokenCounts>) => {
  const rating = ratePlanRequest(
    { modelId, occurredAt: AT, tokens: { ...zeroTokenCounts(), ...counts } },
    book,
    null,
    new PeriodCounters(),
  );
  if (rating.status !== "rated") throw new Error(`unrated: ${rating.reason}`);
  return { amount: toDecimalString(rating.amount), rule: rating.rule };
};

/** tokens × rate / 1M, exactly. */
const price = (...parts: [bigint, string][]) =>
  toDecimalString(
    parts.reduce((sum, [tokens, r]) => sum.plus(money(tokens.toString()).times(r)), money("0")).dividedBy(1_000_000),
  );

// Two thresholds as the price data has them (Claude/Gemini above 200k, GPT-5.4 above 272k), and a catch-all rule.
const PRICING: PlanPricingInput = {
  rules: [
    { kind: "long_context", prompt_tokens_above: 200_000, models: ["anthropic/claude-sonnet-4"] },
    { kind: "long_context", prompt_tokens_above: 272_000, models: ["openai/gpt-5.4*"] },
    { kind: "long_context", prompt_tokens_above: 100_000, multiplier: "2" },
  ],
};
const RATES = {
  "anthropic/claude-sonnet-4": {
    "": { input: "3", cached_input: "0.3", cache_write: "3.75", output: "15" },
    long_context: { input: "6", cached_input: "0.6", cache_write: "7.5", output: "22.5" },
  },
  "openai/gpt-5.4": {
    "": { input: "2.5", cached_input: "0.25", cache_write: "2.5", output: "15" },
    long_context: { input: "5", cached_input: "0.5", cache_write: "5", output: "22.5" },
  },
  "openai/gpt-5.4-mini": { "": { input: "0.75", output: "4.5" } },
  "other/model": { "": { input: "1", output: "4" } },
};

describe("long_context rules per model", () => {
  const book = priceBook(PRICING, RATES);

  it("switches each model at its own threshold, strictly above it", () => {
    const sonnet = (input: bigint) => rate(book, "anthropic/claude-sonnet-4", { input, output: 1000n });
    expect(sonnet(199_999n)).toEqual({ amount: price([199_999n, "3"], [1000n, "15"]), rule: "base" });
    expect(sonnet(200_000n)).toEqual({ amount: price([200_000n, "3"], [1000n, "15"]), rule: "base" });
    expect(sonnet(200_001n)).toEqual({ amount: price([200_001n, "6"], [1000n, "22.5"]), rule: "long_context" });

    // 250k is long context for Sonnet but not for GPT-5.4, whose threshold is 272k.
    const gpt = (input: bigint) => rate(book, "openai/gpt-5.4", { input, output: 1000n });
    expect(gpt(250_000n)).toEqual({ amount: price([250_000n, "2.5"], [1000n, "15"]), rule: "base" });
    expect(gpt(272_000n)).toEqual({ amount: price([272_000n, "2.5"], [1000n, "15"]), rule: "base" });
    expect(gpt(272_001n)).toEqual({ amount: price([272_001n, "5"], [1000n, "22.5"]), rule: "long_context" });
  });

  it("counts cached input and cache writes in the prompt, and prices them at their long-context rates", () => {
    const tokens = { input: 100_000n, cached_input: 90_000n, cache_write: 10_001n, output: 500n };
    expect(rate(book, "anthropic/claude-sonnet-4", tokens)).toEqual({
      amount: price([100_000n, "6"], [90_000n, "0.6"], [10_001n, "7.5"], [500n, "22.5"]),
      rule: "long_context",
    });
    const atThreshold = { ...tokens, cache_write: 10_000n };
    expect(rate(book, "anthropic/claude-sonnet-4", atThreshold).rule).toBe("base");
  });

  it("uses only a model's first matching rule: a later rule with a lower threshold does not apply to it", () => {
    // The catch-all rule (above 100k) covers other models only.
    expect(rate(book, "anthropic/claude-sonnet-4", { input: 150_000n }).rule).toBe("base");
    expect(rate(book, "openai/gpt-5.4-mini", { input: 150_000n }).rule).toBe("base");
    // Its own rule has no multiplier and it has no long-context rates: labelled, priced at base.
    expect(rate(book, "openai/gpt-5.4-mini", { input: 272_001n })).toEqual({
      amount: price([272_001n, "0.75"]),
      rule: "long_context",
    });
  });

  it("multiplies the base rate for a model without explicit long-context rates", () => {
    expect(rate(book, "other/model", { input: 100_000n, output: 10n })).toEqual({
      amount: price([100_000n, "1"], [10n, "4"]),
      rule: "base",
    });
    expect(rate(book, "other/model", { input: 100_001n, output: 10n })).toEqual({
      amount: price([100_001n, "2"], [10n, "8"]),
      rule: "long_context",
    });
  });

  it("rates a stored single rule without models exactly as before: every model, one threshold", () => {
    const legacy = priceBook({ rules: [{ kind: "long_context", prompt_tokens_above: 200_000 }] }, RATES);
    for (const [input, expected] of [
      [200_000n, price([200_000n, "2.5"])],
      [200_001n, price([200_001n, "5"])],
    ] as const) {
      expect(rate(legacy, "openai/gpt-5.4", { input }).amount).toBe(expected);
    }
    // No explicit long-context rates and no multiplier: the base rate stays, but the request is labelled.
    expect(rate(legacy, "other/model", { input: 200_001n })).toEqual({
      amount: price([200_001n, "1"]),
      rule: "long_context",
    });
  });
});
