import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decimalTextToUnits,
  formatUnits,
  money,
  perTokenUnits,
  priceTokens,
  toDecimalString,
  unitsToMoney,
} from "../src/index.ts";

describe("exact units", () => {
  it("formatUnits writes what toDecimalString writes for the same amount", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 70n), max: 10n ** 70n }), (units) => {
        expect(formatUnits(units)).toBe(toDecimalString(unitsToMoney(units)));
      }),
      { numRuns: 2000 },
    );
    // Trailing zeros in the fraction, in the whole part, and at the point.
    const multiples = fc
      .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 48 }))
      .map(([digits, zeros]) => digits * 10n ** BigInt(zeros));
    fc.assert(
      fc.property(multiples, (units) => {
        expect(formatUnits(units)).toBe(toDecimalString(unitsToMoney(units)));
      }),
      { numRuns: 2000 },
    );
    for (const units of [
      0n,
      1n,
      -1n,
      10n ** 36n,
      -(10n ** 36n),
      10n ** 35n,
      123n * 10n ** 30n,
      120n * 10n ** 36n,
      10n ** 36n + 1n,
      -(5n * 10n ** 35n),
    ]) {
      expect(formatUnits(units)).toBe(toDecimalString(unitsToMoney(units)));
    }
  });

  it("a token charge in units equals priceTokens, for prices with up to 30 decimals", () => {
    const price = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.integer({ min: 0, max: 30 }))
      .map(([digits, decimals]) => money(`${digits.toString()}e-${decimals.toString()}`));
    fc.assert(
      fc.property(price, fc.bigInt({ min: 0n, max: 10n ** 12n }), (perMillion, count) => {
        const units = perTokenUnits(perMillion);
        expect(units).toBeDefined();
        expect(toDecimalString(unitsToMoney(count * (units ?? 0n)))).toBe(
          toDecimalString(priceTokens(count, perMillion)),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it("has no units for a price with more than 30 decimals", () => {
    expect(perTokenUnits(money("1e-31"))).toBeUndefined();
    expect(perTokenUnits(money("0.1234567890123456789012345678901"))).toBeUndefined();
    expect(perTokenUnits(money("3"))).toBe(3n * 10n ** 30n);
  });

  it("decimalTextToUnits reads back every amount exactly, in any number of decimals up to units", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 70n), max: 10n ** 70n }),
        fc.integer({ min: 0, max: 40 }),
        (units, extra) => {
          // As Postgres writes a NUMERIC of scale 36 + extra (trailing zeros), and without trailing zeros.
          expect(decimalTextToUnits(unitsToMoney(units).toFixed(36 + extra))).toBe(units);
          expect(decimalTextToUnits(formatUnits(units))).toBe(units);
        },
      ),
      { numRuns: 2000 },
    );
    expect(decimalTextToUnits("12.340000000000000000000000000000")).toBe(1234n * 10n ** 34n);
    expect(decimalTextToUnits("-0.000000000000000000000000000001")).toBe(-(10n ** 6n));
    expect(decimalTextToUnits("7")).toBe(7n * 10n ** 36n);
    expect(decimalTextToUnits("0")).toBe(0n);
    expect(() => decimalTextToUnits("0.0000000000000000000000000000000000001")).toThrow(RangeError);
    for (const bad of ["NaN", "Infinity", "", "1e5", "1.2.3", " 1"])
      expect(() => decimalTextToUnits(bad)).toThrow(RangeError);
  });
});
