import { Decimal } from "decimal.js";
import { money } from "../money.ts";

/** Decimal places of a growth ratio: 0.000001 is a ten-thousandth of a percent, finer than anyone reads. */
export const GROWTH_DECIMALS = 6;

/**
 * How much `current` grew over `previous`, as a ratio ((current − previous) / previous, 0.25 = +25 %), rounded
 * half-even to GROWTH_DECIMALS places; null when there is nothing to compare with (previous is zero: any growth
 * from nothing is infinite, and "new" says more than a number).
 */
export function spendGrowth(current: string, previous: string): string | null {
  const before = money(previous);
  if (before.isZero()) return null;
  return money(current)
    .minus(before)
    .dividedBy(before)
    .toDecimalPlaces(GROWTH_DECIMALS, Decimal.ROUND_HALF_EVEN)
    .toFixed();
}
