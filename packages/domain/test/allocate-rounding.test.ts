import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocateRoundedLines,
  minorUnitDigits,
  money,
  roundToMinorUnit,
  toDecimalString,
  type Money,
} from "../src/index.ts";

const strings = (amounts: readonly Money[]) => amounts.map((amount) => toDecimalString(amount));

describe("allocateRoundedLines", () => {
  it("makes rounded lines add up to the rounded total", () => {
    // Each line alone rounds to 0.33 (sum 0.99), but the total 1.00 is what is due.
    const lines = [money("0.333333"), money("0.333333"), money("0.333334")];
    expect(strings(allocateRoundedLines(lines, "USD"))).toEqual(["0.33", "0.33", "0.34"]);
  });

  it("rounds the total half-even and hands out the missing cents by largest remainder", () => {
    expect(strings(allocateRoundedLines([money("0.005"), money("0.006")], "USD"))).toEqual(["0", "0.01"]);
    expect(strings(allocateRoundedLines([money("1.005")], "USD"))).toEqual(["1"]);
    expect(strings(allocateRoundedLines([money("2.5")], "JPY"))).toEqual(["2"]);
  });

  it("handles credits (negative lines)", () => {
    expect(strings(allocateRoundedLines([money("10.004"), money("-2.006")], "USD"))).toEqual(["10", "-2"]);
  });

  it("always sums exactly to the rounded total, each line within one minor unit of its exact value", () => {
    const amount = fc
      .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 12 }))
      .map(([units, scale]) => money(units).dividedBy(money((10n ** BigInt(scale)).toString())));
    fc.assert(
      fc.property(
        fc.array(amount, { minLength: 1, maxLength: 40 }),
        fc.constantFrom("USD", "JPY", "KWD"),
        (lines, currency) => {
          const allocated = allocateRoundedLines(lines, currency);
          const exactTotal = lines.reduce((sum, line) => sum.plus(line), money("0"));
          const allocatedTotal = allocated.reduce((sum, line) => sum.plus(line), money("0"));
          expect(toDecimalString(allocatedTotal)).toBe(toDecimalString(roundToMinorUnit(exactTotal, currency)));
          const unit = money("1").dividedBy(money((10n ** BigInt(minorUnitDigits(currency))).toString()));
          allocated.forEach((line, index) => {
            expect(line.dividedBy(unit).isInteger()).toBe(true);
            expect(
              line
                .minus(lines[index] ?? money("0"))
                .abs()
                .lessThan(unit),
            ).toBe(true);
          });
        },
      ),
    );
  });
});
