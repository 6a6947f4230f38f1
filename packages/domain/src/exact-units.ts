import type { Decimal } from "decimal.js";
import { Money, toDecimalString } from "./money.ts";

/**
 * Exact amounts as integers: `units` × 10^-36. A per-million price with at most 30 decimals (any NUMERIC(65,30)
 * value) is an integer number of units per token, so a token charge is one bigint multiplication and sums are
 * bigint additions: exact, like decimal.js, at a fraction of its cost per event. Money (decimal.js) stays the
 * interface; amounts in units become Money only when something reads them as Money.
 */
export const UNIT_DECIMALS = 36;
const PER_TOKEN_SHIFT = new Money("1e30");

/** Per-token units of the price objects seen (null: more than 30 decimals, priced with decimal.js instead). */
const perTokenUnitsCache = new WeakMap<Decimal, bigint | null>();

/** The per-token rate of a per-million price in units, or undefined when it is not a whole number of units. */
export function perTokenUnits(pricePerMillion: Decimal): bigint | undefined {
  let units = perTokenUnitsCache.get(pricePerMillion);
  if (units === undefined) {
    const shifted = new Money(pricePerMillion).times(PER_TOKEN_SHIFT);
    units = shifted.isInteger() ? BigInt(shifted.toFixed(0)) : null;
    perTokenUnitsCache.set(pricePerMillion, units);
  }
  return units ?? undefined;
}

export function unitsToMoney(units: bigint): Money {
  return new Money(`${units.toString()}e-${UNIT_DECIMALS.toString()}`);
}

/** "0".repeat(n) for every n a fraction can need. */
const ZEROS = Array.from({ length: UNIT_DECIMALS + 1 }, (_, n) => "0".repeat(n));

/** The same text as toDecimalString(unitsToMoney(units)): no exponent, no trailing zeros. */
export function formatUnits(units: bigint): string {
  if (units === 0n) return "0";
  const negative = units < 0n;
  // No leading zeros, and a non-zero digit somewhere: trimming trailing zeros stops at it or at the point.
  const digits = (negative ? -units : units).toString();
  const wholeLength = digits.length - UNIT_DECIMALS;
  let end = digits.length;
  const point = wholeLength > 0 ? wholeLength : 0;
  while (end > point && digits.charCodeAt(end - 1) === 48) end -= 1;
  let text: string;
  if (wholeLength <= 0) text = `0.${ZEROS[-wholeLength] ?? ""}${digits.slice(0, end)}`;
  else if (end === wholeLength) text = digits.slice(0, wholeLength);
  else text = `${digits.slice(0, wholeLength)}.${digits.slice(wholeLength, end)}`;
  return negative ? `-${text}` : text;
}

/**
 * A decimal text as Postgres sends a NUMERIC ("-12.340000") → units, exactly: one BigInt instead of a decimal.js
 * object, for reads that only add amounts up. A NUMERIC(65,30) value or sum always fits; a text with non-zero digits
 * beyond 10^-36 (or not a plain decimal) is refused, never rounded.
 */
export function decimalTextToUnits(text: string): bigint {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) throw new RangeError(`not a decimal amount: ${text}`);
  const [, sign, whole = "", fraction = ""] = match;
  if (fraction.length > UNIT_DECIMALS && !/^0*$/.test(fraction.slice(UNIT_DECIMALS)))
    throw new RangeError(`amount ${text} has more than ${String(UNIT_DECIMALS)} decimals`);
  const units = BigInt(whole + fraction.slice(0, UNIT_DECIMALS).padEnd(UNIT_DECIMALS, "0"));
  return sign === "-" ? -units : units;
}
/** Postgres' NUMERIC output: optional sign, digits, optional fraction (never an exponent). */
const DECIMAL_TEXT = /^([-+]?)(\d+)(?:\.(\d*))?$/;

/**
 * An exact sum of amounts, in units where they come in units and in Money otherwise; read as Money or as decimal
 * text (for NUMERIC parameters) without a round trip through decimal.js when it is all units.
 */
export class ExactSum {
  private units = 0n;
  private money: Money | null = null;

  static of(amount: Decimal): ExactSum {
    const sum = new ExactSum();
    sum.add(amount);
    return sum;
  }

  addUnits(units: bigint): void {
    this.units += units;
  }

  add(amount: Decimal): void {
    this.money = this.money ? this.money.plus(amount) : new Money(amount);
  }

  addSum(other: ExactSum): void {
    this.units += other.units;
    if (other.money) this.add(other.money);
  }

  total(): Money {
    const fromUnits = unitsToMoney(this.units);
    return this.money ? this.money.plus(fromUnits) : fromUnits;
  }

  text(): string {
    return this.money ? toDecimalString(this.total()) : formatUnits(this.units);
  }
}
