import { Decimal } from "decimal.js";

/**
 * Money policy (one place):
 * - Amounts are exact decimals (decimal.js here, NUMERIC(65,30) in Postgres); never JavaScript numbers. The
 *   rating hot path keeps the same exact values as bigint units of 10^-36 (exact-units.ts) until read as Money.
 * - Inside the ledger, amounts keep full precision (rates are per 1M tokens, so a per-event amount is exact).
 * - Rounding happens only where an amount is presented as money due, to the currency's minor unit, half-even.
 */
export const Money = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 60 });
export type Money = Decimal;

/** Decimal places of every amount column (NUMERIC(65,30)): the ledger stores amounts exactly to these. */
export const LEDGER_DECIMALS = 30;

/** Decimal places of each currency's minor unit (ISO 4217); anything unlisted uses 2. */
const MINOR_UNITS: Record<string, number> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3, USDC: 6 };

export function minorUnitDigits(currency: string): number {
  return MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

/** A decimal string (as stored in NUMERIC columns) or bigint → Money. Rejects anything that is not a finite decimal. */
export function money(value: string | bigint | Decimal): Money {
  const result = new Money(typeof value === "bigint" ? value.toString() : value);
  if (!result.isFinite()) throw new RangeError(`not a finite amount: ${String(value)}`);
  return result;
}

export function roundToMinorUnit(amount: Decimal, currency: string): Money {
  return new Money(amount).toDecimalPlaces(minorUnitDigits(currency), Decimal.ROUND_HALF_EVEN);
}

/** Full-precision string without exponent notation, trailing zeros trimmed (for NUMERIC parameters and APIs). */
export function toDecimalString(amount: Decimal): string {
  // toFixed() without places is exact and never uses exponent notation, whatever the instance's configuration.
  const fixed = amount.toFixed();
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

/** Rounded to the currency's minor unit, with exactly that many decimals (e.g. "12.30"). */
export function formatMoneyDue(amount: Decimal, currency: string): string {
  return roundToMinorUnit(amount, currency).toFixed(minorUnitDigits(currency));
}

export function sumMoney(amounts: Iterable<Decimal>): Money {
  let total = new Money(0);
  for (const amount of amounts) total = total.plus(amount);
  return total;
}
