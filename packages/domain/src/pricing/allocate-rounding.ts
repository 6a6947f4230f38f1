import { Money, minorUnitDigits, roundToMinorUnit } from "../money.ts";

/**
 * Rounds invoice lines to the currency's minor unit so that they add up exactly to the rounded total (the total is
 * rounded half-even, the policy for money due). Each line is first cut towards zero to whole minor units; the
 * remaining minor units go to the lines with the largest cut-off remainders (ties: earlier line first).
 * Lines may be negative (credits); the total then still equals the sum.
 */
export function allocateRoundedLines(lines: readonly Money[], currency: string): Money[] {
  if (lines.length === 0) return [];
  const unit = new Money(10).pow(-minorUnitDigits(currency));
  const total = lines.reduce((sum, line) => sum.plus(line), new Money(0));
  const roundedTotal = roundToMinorUnit(total, currency);
  const truncated = lines.map((line) => line.dividedBy(unit).trunc());
  const remainders = lines.map((line, index) => line.dividedBy(unit).minus(truncated[index] ?? 0));
  const allocatedUnits = truncated.reduce((sum, units) => sum.plus(units), new Money(0));
  // Whole minor units still to hand out: positive (add to lines) or negative (take from lines).
  let missing = roundedTotal.dividedBy(unit).minus(allocatedUnits).toNumber();
  const step = missing >= 0 ? 1 : -1;
  const order = lines
    .map((_, index) => index)
    .sort((a, b) => {
      const difference = (remainders[b] ?? new Money(0))
        .times(step)
        .comparedTo((remainders[a] ?? new Money(0)).times(step));
      return difference !== 0 ? difference : a - b;
    });
  const result = [...truncated];
  for (let position = 0; missing !== 0; position = (position + 1) % order.length) {
    const index = order[position] ?? 0;
    result[index] = (result[index] ?? new Money(0)).plus(step);
    missing -= step;
  }
  return result.map((units) => units.times(unit));
}
