import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compileTenantOverride,
  money,
  PeriodCounters,
  ratePlanRequest,
  tenantOverrideSchema,
  toDecimalString,
  zeroTokenCounts,
  type PlanPriceBook,
  type RatableRequest,
  type TokenCounts,
} from "../src/index.ts";
import { priceBook } from "./support-price-book.ts";

const AT = new Date("2026-11-10T12:00:00Z");
const tokens = (counts: Partial<TokenCounts>): TokenCounts => ({ ...zeroTokenCounts(), ...counts });
const request = (
  modelId: string,
  counts: Partial<TokenCounts>,
  extra: Partial<RatableRequest> = {},
): RatableRequest => ({
  modelId,
  occurredAt: AT,
  tokens: tokens(counts),
  ...extra,
});
const amountOf = (book: PlanPriceBook, req: RatableRequest, counters = new PeriodCounters()) => {
  const rating = ratePlanRequest(req, book, null, counters);
  if (rating.status !== "rated") throw new Error(`unrated: ${rating.reason}`);
  return toDecimalString(rating.amount);
};

const OPUS = { "": { input: "5", output: "25", cached_input: "0.5" }, long_context: { input: "10", output: "37.5" } };

describe("ratePlanRequest: rates", () => {
  it("uses explicit rates, exactly", () => {
    const book = priceBook({}, { opus: OPUS });
    // 1,234 × 5/1M + 567 × 25/1M
    expect(amountOf(book, request("opus", { input: 1234n, output: 567n }))).toBe("0.020345");
  });

  it("prices unlisted models by the default: unpriced, cost markup or flat rates", () => {
    const cost = [
      { modelId: "mini", tokenType: "input" as const, effectiveFrom: new Date(0), pricePerMillion: money("0.4") },
      { modelId: "mini", tokenType: "output" as const, effectiveFrom: new Date(0), pricePerMillion: money("1.6") },
    ];
    const req = request("mini", { input: 1_000_000n, output: 1_000_000n });
    expect(ratePlanRequest(req, priceBook({}, {}, cost), null, new PeriodCounters())).toEqual({
      status: "unrated",
      reason: "no_price_for_model",
    });
    expect(amountOf(priceBook({ unlisted_models: { kind: "cost_markup", markup_percent: "25" } }, {}, cost), req)).toBe(
      "2.5",
    );
    expect(amountOf(priceBook({ unlisted_models: { kind: "rates", rates: { input: "1", output: "2" } } }), req)).toBe(
      "3",
    );
    expect(amountOf(priceBook({ model_markups: [{ models: ["mi*"], markup_percent: "100" }] }, {}, cost), req)).toBe(
      "4",
    );
  });

  it("leaves an event unrated (never zero) when one of its token types has no rate", () => {
    const rating = ratePlanRequest(
      request("opus", { reasoning: 10n }),
      priceBook({}, { opus: OPUS }),
      null,
      new PeriodCounters(),
    );
    expect(rating).toEqual({ status: "unrated", reason: "no_price_for_token_type", tokenType: "reasoning" });
  });

  it("records the provider cost at the catalog rate in force at the event, and the rule used", () => {
    const change = new Date("2026-11-10T00:00:00Z");
    const cost = [
      { modelId: "opus", tokenType: "input" as const, effectiveFrom: new Date(0), pricePerMillion: money("15") },
      { modelId: "opus", tokenType: "input" as const, effectiveFrom: change, pricePerMillion: money("5") },
    ];
    const book = priceBook({}, { opus: OPUS }, cost);
    const before = ratePlanRequest(
      request("opus", { input: 1_000_000n }, { occurredAt: new Date(change.getTime() - 1) }),
      book,
      null,
      new PeriodCounters(),
    );
    const at = ratePlanRequest(
      request("opus", { input: 1_000_000n }, { occurredAt: change }),
      book,
      null,
      new PeriodCounters(),
    );
    expect(before.status === "rated" && toDecimalString(before.cost ?? money("-1"))).toBe("15");
    expect(at.status === "rated" && toDecimalString(at.cost ?? money("-1"))).toBe("5");
    expect(at.status === "rated" && at.rule).toBe("base");
  });
});

describe("ratePlanRequest: conditional whole-request rules", () => {
  const book = priceBook(
    {
      rules: [
        { kind: "long_context", prompt_tokens_above: 200_000 },
        { kind: "service_tier", service_tier: "batch", multiplier: "0.5" },
        { kind: "request_fee", amount: "0.001", models: ["opus"] },
      ],
    },
    { opus: OPUS },
  );

  it("prices the whole request at long-context rates above the threshold, output included", () => {
    expect(amountOf(book, request("opus", { input: 200_000n, output: 1000n }))).toBe("1.026"); // 1 + 0.025 + fee
    // 200,001 prompt tokens (input + cached): every token at the long-context rates; cached has none → base 0.5
    const rating = ratePlanRequest(
      request("opus", { input: 199_001n, cached_input: 1000n, output: 1000n }),
      book,
      null,
      new PeriodCounters(),
    );
    expect(rating.status === "rated" && toDecimalString(rating.amount)).toBe("2.02901"); // 1.99001 + 0.0005 + 0.0375 + 0.001
    expect(rating.status === "rated" && rating.rule).toBe("long_context+request_fee");
  });

  it("applies service-tier multipliers after the long-context switch, and the fee per request", () => {
    const rating = ratePlanRequest(
      request("opus", { input: 300_000n, output: 2000n }, { serviceTier: "batch" }),
      book,
      null,
      new PeriodCounters(),
    );
    // (300k × 10 + 2k × 37.5)/1M × 0.5 + 0.001
    expect(rating.status === "rated" && toDecimalString(rating.amount)).toBe("1.5385");
    expect(rating.status === "rated" && rating.rule).toBe("long_context+service_tier:batch+request_fee");
  });

  it("property: above the threshold every token type is priced at long-context rates, below at base", () => {
    const plain = priceBook(
      { rules: [{ kind: "long_context", prompt_tokens_above: 200_000 }] },
      {
        m: { "": { input: "3", output: "15" }, long_context: { input: "6", output: "22.5" } },
      },
    );
    fc.assert(
      fc.property(fc.bigInt(0n, 10n ** 7n), fc.bigInt(0n, 10n ** 6n), (input, output) => {
        const long = input > 200_000n;
        const expected = money(input.toString())
          .times(long ? 6 : 3)
          .plus(money(output.toString()).times(long ? "22.5" : 15))
          .dividedBy(1_000_000);
        return amountOf(plain, request("m", { input, output })) === toDecimalString(expected);
      }),
    );
  });
});

describe("ratePlanRequest: overrides", () => {
  it("uses a tenant's custom rates for its models and discounts everything", () => {
    const book = priceBook(
      { rules: [{ kind: "request_fee", amount: "0.01" }] },
      { opus: OPUS, haiku: { "": { input: "1" } } },
    );
    const override = compileTenantOverride(
      "o1",
      tenantOverrideSchema.parse({ discount_percent: "10", model_rates: { "op*": { input: "4", output: "20" } } }),
    );
    const rating = ratePlanRequest(request("opus", { input: 1_000_000n }), book, override, new PeriodCounters());
    expect(rating.status === "rated" && toDecimalString(rating.amount)).toBe("3.609"); // (4 + 0.01) × 0.9
    const other = ratePlanRequest(request("haiku", { input: 1_000_000n }), book, override, new PeriodCounters());
    expect(other.status === "rated" && toDecimalString(other.amount)).toBe("0.909");
  });

  it("keeps the plan's rates, conditional ones included, for token types the override does not name", () => {
    const book = priceBook({ rules: [{ kind: "long_context", prompt_tokens_above: 200_000 }] }, { opus: OPUS });
    const override = compileTenantOverride(
      "o1",
      tenantOverrideSchema.parse({ model_rates: { opus: { output: "20" } } }),
    );
    const rate = (tokens: Parameters<typeof request>[1]) => {
      const rating = ratePlanRequest(request("opus", tokens), book, override, new PeriodCounters());
      return rating.status === "rated" ? toDecimalString(rating.amount) : rating.reason;
    };
    // 0.1M input × 5 + 0.1M cached × 0.5 + 1M output × 20 (the override's).
    expect(rate({ input: 100_000n, cached_input: 100_000n, output: 1_000_000n })).toBe("20.55");
    // Long context: input at the plan's long-context 10, output still the override's 20.
    expect(rate({ input: 1_000_000n, output: 1_000_000n })).toBe("30");
  });
});

describe("ratePlanRequest: period counters", () => {
  const book = priceBook(
    {
      allowances: [
        { kind: "tokens", id: "free-input", tokens: "1000000", models: ["opus"], token_types: ["input"] },
        { kind: "money", id: "credit", amount: "2" },
      ],
      tiers: [
        {
          id: "output",
          token_types: ["output"],
          schedule: {
            mode: "graduated",
            tiers: [
              { up_to: "1000000", price_per_million: "30" },
              { up_to: null, price_per_million: "20" },
            ],
          },
        },
      ],
      spend_cap: "100",
    },
    { opus: OPUS },
  );

  it("gives included tokens free, prices tiered tokens on period volume, then money allowance and cap", () => {
    const counters = new PeriodCounters();
    // 1.5M input: 1M free, 0.5M × 5 = 2.5; 0.5M output in tier 1 = 15 → gross 17.5, first 2 free → 15.5
    const first = ratePlanRequest(request("opus", { input: 1_500_000n, output: 500_000n }), book, null, counters);
    expect(first.status === "rated" && toDecimalString(first.amount)).toBe("15.5");
    expect(first.status === "rated" && first.lines.map((l) => [l.kind, toDecimalString(l.amount)])).toEqual([
      ["tokens", "2.5"],
      ["tokens", "15"],
      ["money_allowance", "-2"],
    ]);
    // 1M output: 0.5M at 30 + 0.5M at 20 = 25
    expect(amountOf(book, request("opus", { output: 1_000_000n }), counters)).toBe("25");
    // 4M output at 20 = 80, but the cap leaves 100 − 40.5 = 59.5
    const capped = ratePlanRequest(request("opus", { output: 4_000_000n }), book, null, counters);
    expect(capped.status === "rated" && toDecimalString(capped.amount)).toBe("59.5");
    expect(capped.status === "rated" && capped.rule).toBe("tier:output+spend_cap");
    expect(amountOf(book, request("opus", { input: 10n }), counters)).toBe("0");
    expect([...counters.changed].sort()).toEqual(["pv-1:allowance:free-input", "pv-1:spend", "pv-1:tier:output"]);
  });

  it("changes no counter for an unrated event", () => {
    const counters = new PeriodCounters();
    const rating = ratePlanRequest(request("opus", { output: 10n, reasoning: 5n }), book, null, counters);
    expect(rating.status).toBe("unrated");
    expect(counters.changed.size).toBe(0);
  });

  const event = fc.record({
    input: fc.bigInt(0n, 3_000_000n),
    output: fc.bigInt(0n, 3_000_000n),
  });

  it.each(["graduated", "volume", "package"] as const)(
    "property (%s): the period total does not depend on the order or on how events are split into batches",
    (mode) => {
      const schedule =
        mode === "package"
          ? { mode, package_size: "250000", package_price: "3.5" }
          : {
              mode,
              tiers: [
                { up_to: "2000000", price_per_million: "30", flat_fee: "1" },
                { up_to: "8000000", price_per_million: "22.5" },
                { up_to: null, price_per_million: "10" },
              ],
            };
      const tiered = priceBook(
        {
          allowances: [
            { kind: "tokens", id: "inc", tokens: "2500000", token_types: ["input"] },
            { kind: "money", id: "credit", amount: "7.5" },
          ],
          tiers: [{ id: "out", token_types: ["output"], schedule }],
          spend_cap: "400",
        },
        { m: { "": { input: "5" } } },
      );
      const override = compileTenantOverride("o", tenantOverrideSchema.parse({ discount_percent: "12.5" }));
      fc.assert(
        fc.property(fc.array(event, { minLength: 1, maxLength: 25 }), fc.nat(), (events, seed) => {
          const total = (list: typeof events, splitEvery: number) => {
            let sum = money("0");
            let counters = new PeriodCounters();
            list.forEach((e, index) => {
              // A new batch reloads the counters from their stored (string) form, as the worker does.
              if (index % splitEvery === 0) {
                counters = new PeriodCounters(
                  [...counters.entries()].map(([key, c]) => [
                    key,
                    { quantity: BigInt(c.quantity.toString()), amount: money(toDecimalString(c.amount)) },
                  ]),
                );
              }
              const rating = ratePlanRequest(
                request("m", { input: e.input, output: e.output }),
                tiered,
                override,
                counters,
              );
              if (rating.status !== "rated") throw new Error("unrated");
              sum = sum.plus(rating.amount);
            });
            return toDecimalString(sum);
          };
          const shuffled = [...events].sort(
            (a, b) => Number((a.input + BigInt(seed)) % 7n) - Number((b.input + BigInt(seed)) % 7n),
          );
          const expected = total(events, events.length);
          return total(shuffled, 1 + (seed % 5)) === expected && total([...events].reverse(), 3) === expected;
        }),
      );
    },
  );

  it("property: the lines of every rated event sum exactly to its amount", () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 20 }), (events) => {
        const counters = new PeriodCounters();
        return events.every((e) => {
          const rating = ratePlanRequest(request("opus", { input: e.input, output: e.output }), book, null, counters);
          if (rating.status !== "rated") return false;
          const sum = rating.lines.reduce((s, l) => s.plus(l.amount), money("0"));
          return sum.eq(rating.amount);
        });
      }),
    );
  });
});
