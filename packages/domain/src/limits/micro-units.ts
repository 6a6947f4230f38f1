import { Decimal } from "decimal.js";
import { Money } from "../money.ts";

/**
 * Holds and budget state live in Redis, whose scripts compute with doubles, so there amounts are whole
 * micro-units (10^-6 of the currency unit), exact up to 2^53 (about 9 billion currency units). Conversions round
 * in the direction that keeps a hard limit safe: what may be spent is rounded down, what is spent or held up. A
 * limit above the exact range is clamped to it (no budget that large can be reached through holds).
 */
export const MAX_MICRO_UNITS = BigInt(Number.MAX_SAFE_INTEGER);
const MICRO = new Money(1_000_000);

function toMicro(amount: Decimal, rounding: Decimal.Rounding): bigint {
  const micro = BigInt(new Money(amount).times(MICRO).toDecimalPlaces(0, rounding).toFixed(0));
  if (micro < 0n) return 0n;
  return micro > MAX_MICRO_UNITS ? MAX_MICRO_UNITS : micro;
}

/** A limit in micro-units, rounded down. */
export const limitToMicroUnits = (amount: Decimal): bigint => toMicro(amount, Decimal.ROUND_FLOOR);

/** Spend or a hold in micro-units, rounded up. */
export const usageToMicroUnits = (amount: Decimal): bigint => toMicro(amount, Decimal.ROUND_CEIL);

export function microUnitsToMoney(micro: bigint): Money {
  return new Money(micro.toString()).dividedBy(MICRO);
}
