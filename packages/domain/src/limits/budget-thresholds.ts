import type { Decimal } from "decimal.js";

/**
 * The alert thresholds (whole percentages of `limit`) that spend crossed going from `before` to `after`: those
 * with before < limit × t/100 ≤ after. Reaching a threshold exactly counts as crossing it, once: the next increase
 * starts above it. Exact decimals, no rounding.
 */
export function crossedThresholds(
  limit: Decimal,
  before: Decimal,
  after: Decimal,
  thresholds: readonly number[],
): number[] {
  if (!after.gt(before)) return [];
  return thresholds.filter((percent) => {
    const level = limit.times(percent).dividedBy(100);
    return before.lt(level) && after.gte(level);
  });
}

/** The thresholds spend has reached (used when a budget is created or lowered mid-period). */
export function reachedThresholds(limit: Decimal, spent: Decimal, thresholds: readonly number[]): number[] {
  return thresholds.filter((percent) => spent.gte(limit.times(percent).dividedBy(100)));
}
