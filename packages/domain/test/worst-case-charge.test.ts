import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compileTenantOverride,
  crossedThresholds,
  limitToMicroUnits,
  money,
  PeriodCounters,
  ratePlanRequest,
  reachedThresholds,
  tenantOverrideSchema,
  toDecimalString,
  usageToMicroUnits,
  worstCaseCharge,
  type PlanPricingInput,
  type PlannedRequest,
} from "../src/index.ts";
import { priceBook } from "./support-price-book.ts";

const AT = new Date("2026-11-10T12:00:00Z");
const OPUS = {
  "": { input: "5", output: "25", cached_input: "0.5", cache_write: "6.25", reasoning: "25" },
  long_context: { input: "10", output: "37.5", cached_input: "1", cache_write: "12.5", reasoning: "37.5" },
};
const planned = (
  inputTokens: bigint,
  maxOutputTokens: bigint,
  extra: Partial<PlannedRequest> = {},
): PlannedRequest => ({
  modelId: "opus",
  at: AT,
  inputTokens,
  maxOutputTokens,
  ...extra,
});
const amountOf = (result: ReturnType<typeof worstCaseCharge>) => {
  if (result.status !== "priced") throw new Error("unpriced");
  return toDecimalString(result.amount);
};

describe("worstCaseCharge", () => {
  it("prices the prompt at the dearest input type and the output at the dearest output type", () => {
    // 1,000 prompt tokens as cache writes (6.25/1M) + 2,000 output tokens (25/1M)
    expect(amountOf(worstCaseCharge(planned(1000n, 2000n), priceBook({}, { opus: OPUS }), null))).toBe("0.05625");
  });

  it("applies the long-context rule from the planned prompt size, request fees and the tenant discount", () => {
    const book = priceBook(
      {
        rules: [
          { kind: "long_context", prompt_tokens_above: 200_000 },
          { kind: "request_fee", amount: "0.001" },
        ],
      },
      { opus: OPUS },
    );
    // 300,000 × 12.5/1M + 1,000 × 37.5/1M + 0.001
    expect(amountOf(worstCaseCharge(planned(300_000n, 1000n), book, null))).toBe("3.7885");
    const override = compileTenantOverride("o", tenantOverrideSchema.parse({ discount_percent: "10" }));
    expect(amountOf(worstCaseCharge(planned(300_000n, 1000n), book, override))).toBe("3.40965");
  });

  it("is unpriced when the model has no price at all", () => {
    expect(worstCaseCharge(planned(10n, 10n, { modelId: "other" }), priceBook({}, { opus: OPUS }), null)).toEqual({
      status: "unpriced",
    });
  });

  const tierSchedules = fc.oneof(
    fc
      .array(fc.record({ size: fc.integer({ min: 1, max: 5000 }), price: fc.integer({ min: 0, max: 40 }) }), {
        minLength: 1,
        maxLength: 4,
      })
      .chain((steps) =>
        fc.constantFrom("graduated", "volume").map((mode) => {
          let bound = 0;
          return {
            mode: mode,
            tiers: steps.map((step, index) => {
              bound += step.size;
              return {
                up_to: index === steps.length - 1 ? null : bound.toString(),
                price_per_million: step.price.toString(),
                ...(index % 2 === 1 ? { flat_fee: "0.01" } : {}),
              };
            }),
          };
        }),
      ),
    fc
      .record({ size: fc.integer({ min: 1, max: 3000 }), price: fc.integer({ min: 0, max: 5 }) })
      .map(({ size, price }) => ({
        mode: "package" as const,
        package_size: size.toString(),
        package_price: price.toString(),
      })),
  );
  const pricings: fc.Arbitrary<PlanPricingInput> = fc.record({
    rules: fc.subarray([
      { kind: "long_context" as const, prompt_tokens_above: 4000 },
      { kind: "service_tier" as const, service_tier: "priority", multiplier: "1.5" },
      { kind: "request_fee" as const, amount: "0.002" },
    ]),
    allowances: fc.subarray([
      { kind: "tokens" as const, id: "free-input", tokens: "3000", token_types: ["input" as const] },
      { kind: "money" as const, id: "free-money", amount: "0.01" },
    ]),
    tiers: fc
      .option(tierSchedules, { nil: undefined })
      .map((schedule) =>
        schedule ? [{ id: "out", token_types: ["output" as const, "reasoning" as const], schedule }] : [],
      ),
    spend_cap: fc.option(fc.constantFrom("0.05", "10"), { nil: null }),
  });

  it("bounds what any event the request can become is charged, from any period state (property)", () => {
    fc.assert(
      fc.property(
        pricings,
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 8000 }), fc.integer({ min: 0, max: 8000 })), { maxLength: 4 }),
        fc.option(fc.constantFrom("priority", "batch"), { nil: undefined }),
        fc.boolean(),
        (pricing, promptSize, maxOutput, [s1, s2, s3, s4], history, serviceTier, discounted) => {
          const book = priceBook(pricing, { opus: OPUS });
          const override = discounted
            ? compileTenantOverride("o", tenantOverrideSchema.parse({ discount_percent: "20" }))
            : null;
          const counters = new PeriodCounters();
          // Earlier usage in the period moves tiers, allowances and the cap to an arbitrary state.
          for (const [input, output] of history) {
            const earlier = {
              input: BigInt(input),
              cached_input: 0n,
              cache_write: 0n,
              output: BigInt(output),
              reasoning: 0n,
            };
            ratePlanRequest({ modelId: "opus", occurredAt: AT, tokens: earlier }, book, override, counters);
          }
          // The actual event: the planned prompt split any way, at most the planned output, split any way.
          const prompt = BigInt(promptSize);
          const cached = (prompt * BigInt(s1 % 101)) / 100n;
          const written = ((prompt - cached) * BigInt(s2 % 101)) / 100n;
          const produced = (BigInt(maxOutput) * BigInt(s3 % 101)) / 100n;
          const reasoning = (produced * BigInt(s4 % 101)) / 100n;
          const tokens = {
            input: prompt - cached - written,
            cached_input: cached,
            cache_write: written,
            output: produced - reasoning,
            reasoning,
          };
          const worst = worstCaseCharge(planned(prompt, BigInt(maxOutput), { serviceTier }), book, override);
          const actual = ratePlanRequest(
            { modelId: "opus", occurredAt: AT, tokens, serviceTier },
            book,
            override,
            counters,
          );
          expect(worst.status).toBe("priced");
          expect(actual.status).toBe("rated");
          if (worst.status === "priced" && actual.status === "rated") {
            expect(actual.amount.lte(worst.amount), `${actual.amount.toString()} ≤ ${worst.amount.toString()}`).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("budget thresholds", () => {
  const limit = money("10");
  it("reports each threshold once, when spend reaches or passes it", () => {
    expect(crossedThresholds(limit, money("0"), money("4.99"), [50, 80, 100])).toEqual([]);
    expect(crossedThresholds(limit, money("4.99"), money("5"), [50, 80, 100])).toEqual([50]);
    expect(crossedThresholds(limit, money("5"), money("12"), [50, 80, 100])).toEqual([80, 100]);
    expect(crossedThresholds(limit, money("12"), money("11"), [50, 80, 100])).toEqual([]);
    expect(reachedThresholds(limit, money("8"), [50, 80, 100])).toEqual([50, 80]);
  });

  it("crossings over any sequence of increases report every reached threshold exactly once (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 30 }), (steps) => {
        let spent = money("0");
        const reported: number[] = [];
        for (const cents of steps) {
          const next = spent.plus(money(cents.toString()).dividedBy(100));
          reported.push(...crossedThresholds(limit, spent, next, [25, 50, 80, 100]));
          spent = next;
        }
        expect(reported).toEqual(reachedThresholds(limit, spent, [25, 50, 80, 100]));
      }),
    );
  });
});

describe("micro-units", () => {
  it("round limits down and usage up, never losing a fraction in the limit's favour", () => {
    expect(limitToMicroUnits(money("10.0000019"))).toBe(10_000_001n);
    expect(usageToMicroUnits(money("10.0000011"))).toBe(10_000_002n);
    expect(usageToMicroUnits(money("0.000000000001"))).toBe(1n);
    expect(limitToMicroUnits(money("1e30"))).toBe(BigInt(Number.MAX_SAFE_INTEGER));
  });
});
