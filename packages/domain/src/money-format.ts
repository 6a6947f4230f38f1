import type { Decimal } from "decimal.js";
import { formatMoneyDue, minorUnitDigits, money } from "./money.ts";

/**
 * Presentation of amounts and counts (one place for the console and the invoice documents). Amounts go through
 * `formatMoneyDue` (the one rounding policy) or stay exact; nothing passes through a float. Negative values are
 * written with an ASCII hyphen before the symbol ("-$1.23") everywhere, so CSV, PDF and console agree.
 */

/** "1234567" → "1,234,567" (digits only, no sign). */
export function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** An integer count (tokens, requests) with thousands separators, exact at any size: "12345678" → "12,345,678". */
export function formatCount(count: string | bigint): string {
  const value = BigInt(count);
  const sign = value < 0n ? "-" : "";
  return sign + groupDigits((value < 0n ? -value : value).toString());
}

/** "$" for USD, "€" for EUR; the code and a space for currencies Intl does not know (e.g. "USDC "). */
export function currencySymbol(currency: string): string {
  try {
    const part = new Intl.NumberFormat("en-US", { style: "currency", currency, currencyDisplay: "narrowSymbol" })
      .formatToParts(0)
      .find((p) => p.type === "currency");
    return part?.value ?? `${currency} `;
  } catch {
    // Intl throws RangeError for codes that are not well-formed ISO 4217 (USDC has four letters).
    return `${currency} `;
  }
}

function withSymbol(fixed: string, symbol: string): string {
  const negative = fixed.startsWith("-");
  const [whole = "0", fraction] = (negative ? fixed.slice(1) : fixed).split(".");
  const grouped = groupDigits(whole) + (fraction === undefined ? "" : `.${fraction}`);
  return `${negative ? "-" : ""}${symbol}${grouped}`;
}

/**
 * A full-precision amount as money due: rounded half-even to the currency's minor unit, then grouped
 * ("$1,234.50", "-$0.20"). `symbol` overrides the currency's symbol (e.g. a code where a font lacks the glyph).
 */
export function formatMoney(amount: string | Decimal, currency: string, symbol = currencySymbol(currency)): string {
  return withSymbol(formatMoneyDue(money(amount), currency), symbol);
}

/** Decimals past which a unit price is an average (25/3 per 1M over tiers), not a list price. */
const EXACT_UNIT_PRICE_DECIMALS = 8;
const AVERAGE_UNIT_PRICE_DECIMALS = 6;

/**
 * A unit price: exact, with at least the currency's minor-unit decimals and more when the price has them ("$2.50",
 * "$0.075", "$0.000125"). A price with more than 8 decimals is an average (an invoice line over several tiers, 25/3
 * per 1M) and is shown to 6 decimals after a "~" ("~$8.333333"); APIs and CSVs keep the exact value.
 */
export function formatUnitPrice(amount: string | Decimal, currency: string, symbol = currencySymbol(currency)): string {
  const value = money(amount);
  if (value.decimalPlaces() > EXACT_UNIT_PRICE_DECIMALS) {
    return `~${withSymbol(value.toFixed(AVERAGE_UNIT_PRICE_DECIMALS), symbol)}`;
  }
  const digits = Math.max(minorUnitDigits(currency), value.decimalPlaces());
  return withSymbol(value.toFixed(digits), symbol);
}
