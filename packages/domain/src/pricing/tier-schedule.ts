import { Money } from "../money.ts";
import { priceTokens } from "../rating.ts";

/** One step of a graduated or volume schedule. Prices are per 1,000,000 units (tokens), like plan rates. */
export interface PriceTier {
  /** Inclusive upper bound of monthly volume this tier covers; null for the last, unbounded tier. */
  upTo: bigint | null;
  pricePerMillion: Money;
  /** Charged once when volume enters this tier (a tier's "flat fee"). */
  flatFee?: Money;
}

/**
 * How monthly volume is priced:
 * - graduated: each unit at the price of the tier it falls in (like income tax brackets);
 * - volume: every unit at the price of the tier the TOTAL falls in (crossing a boundary reprices all units, so the
 *   total may drop; charges for the crossing batch are then negative: a credit);
 * - package: per started package of `packageSize` units.
 */
export type TierSchedule =
  | { mode: "graduated"; tiers: readonly PriceTier[] }
  | { mode: "volume"; tiers: readonly PriceTier[] }
  | { mode: "package"; packageSize: bigint; packagePrice: Money };

/** Checks a schedule once, when it is defined: tiers ascending, the last one unbounded, sizes positive. */
export function assertValidTierSchedule(schedule: TierSchedule): void {
  if (schedule.mode === "package") {
    if (schedule.packageSize <= 0n) throw new RangeError("packageSize must be positive");
    if (schedule.packagePrice.isNegative()) throw new RangeError("packagePrice must not be negative");
    return;
  }
  const { tiers } = schedule;
  if (tiers.length === 0) throw new RangeError("a tier schedule needs at least one tier");
  let previous = 0n;
  tiers.forEach((tier, index) => {
    const last = index === tiers.length - 1;
    if (last !== (tier.upTo === null)) throw new RangeError("only the last tier is unbounded (upTo null)");
    if (tier.upTo !== null && tier.upTo <= previous) throw new RangeError("tier bounds must ascend");
    if (tier.pricePerMillion.isNegative() || tier.flatFee?.isNegative()) {
      throw new RangeError("tier prices must not be negative");
    }
    previous = tier.upTo ?? previous;
  });
}

/** f(quantity): the exact total price of a month's volume under the schedule (no rounding). */
export function tieredTotal(schedule: TierSchedule, quantity: bigint): Money {
  if (quantity < 0n) throw new RangeError("quantity must not be negative");
  if (quantity === 0n) return new Money(0);
  if (schedule.mode === "package") {
    const packages = (quantity + schedule.packageSize - 1n) / schedule.packageSize;
    return new Money(packages.toString()).times(schedule.packagePrice);
  }
  if (schedule.mode === "volume") {
    const tier = schedule.tiers.find((candidate) => candidate.upTo === null || quantity <= candidate.upTo);
    if (!tier) throw new RangeError("the last tier must be unbounded");
    return priceTokens(quantity, tier.pricePerMillion).plus(tier.flatFee ?? 0);
  }
  let total = new Money(0);
  let lowerBound = 0n;
  for (const tier of schedule.tiers) {
    if (quantity <= lowerBound) break;
    const upper = tier.upTo === null || quantity < tier.upTo ? quantity : tier.upTo;
    total = total.plus(priceTokens(upper - lowerBound, tier.pricePerMillion)).plus(tier.flatFee ?? 0);
    if (tier.upTo === null) break;
    lowerBound = tier.upTo;
  }
  return total;
}

/**
 * The charge for `quantity` more units when `before` were already used this period: f(before + q) − f(before).
 * Charging every batch this way makes the period's charges sum to f(total) whatever the order and batching.
 */
export function incrementalTieredCharge(schedule: TierSchedule, before: bigint, quantity: bigint): Money {
  return tieredTotal(schedule, before + quantity).minus(tieredTotal(schedule, before));
}
