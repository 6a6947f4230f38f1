import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  Money,
  formatMoneyDue,
  money,
  priceTokens,
  rateTokens,
  toDecimalString,
  zeroTokenCounts,
} from "../src/index.ts";

describe("rateTokens", () => {
  const rates = { input: money("3"), cached_input: money("0.3"), output: money("15") };

  it("charges tokens x price per million, exactly", () => {
    const tokens = { ...zeroTokenCounts(), input: 1_234_567n, cached_input: 10n, output: 1n };
    const result = rateTokens(tokens, rates);
    expect(result.status).toBe("rated");
    if (result.status !== "rated") return;
    // 1234567*3/1e6 + 10*0.3/1e6 + 1*15/1e6 = 3.703701 + 0.000003 + 0.000015
    expect(toDecimalString(result.amount)).toBe("3.703719");
    expect(Object.keys(result.typeAmounts).sort()).toEqual(["cached_input", "input", "output"]);
    expect(toDecimalString(result.typeAmounts.input ?? money("0"))).toBe("3.703701");
    const perType = Object.values(result.typeAmounts).reduce((sum, amount) => sum.plus(amount), money("0"));
    expect(toDecimalString(perType)).toBe(toDecimalString(result.amount));
  });

  it("marks a model without prices unrated instead of charging zero", () => {
    expect(rateTokens({ ...zeroTokenCounts(), input: 5n }, undefined)).toEqual({
      status: "unrated",
      reason: "no_price_for_model",
    });
  });

  it("marks an event unrated when a used token type has no price", () => {
    const result = rateTokens({ ...zeroTokenCounts(), reasoning: 5n }, rates);
    expect(result).toEqual({ status: "unrated", reason: "no_price_for_token_type", tokenType: "reasoning" });
  });

  it("is additive: rating a sum equals the sum of ratings (no rounding inside the ledger)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 1_000_000_000_000n }), { minLength: 1, maxLength: 20 }),
        fc.stringMatching(/^[0-9]{1,4}\.[0-9]{1,9}$/),
        (counts, price) => {
          const p = money(price);
          const separately = counts.reduce((sum, c) => sum.plus(priceTokens(c, p)), new Money(0));
          const together = priceTokens(
            counts.reduce((a, b) => a + b, 0n),
            p,
          );
          expect(separately.equals(together)).toBe(true);
        },
      ),
    );
  });
});

describe("money", () => {
  it("rounds money due half-even to the currency's minor unit", () => {
    expect(formatMoneyDue(money("0.125"), "USD")).toBe("0.12");
    expect(formatMoneyDue(money("0.135"), "USD")).toBe("0.14");
    expect(formatMoneyDue(money("2.5"), "JPY")).toBe("2");
  });

  it("prints full precision without exponent notation", () => {
    expect(toDecimalString(money("0.000000075"))).toBe("0.000000075");
    expect(toDecimalString(money("120.500"))).toBe("120.5");
  });

  it("rejects non-finite input", () => {
    expect(() => money("NaN")).toThrow(RangeError);
  });
});
