import { formatMoneyDue, money } from "@tollgate/domain";

const groupDigits = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** A bigint token count (decimal string) with thousands separators; exact at any size. */
export function formatTokens(count: string): string {
  const value = BigInt(count);
  const sign = value < 0n ? "-" : "";
  return sign + groupDigits((value < 0n ? -value : value).toString());
}

/** Large counts shortened for chart axes only (1.2M, 3.4B); tables and cards show exact numbers. */
export function formatTokensShort(count: number): string {
  const units: [number, string][] = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [size, unit] of units) {
    if (Math.abs(count) >= size) return `${(count / size).toFixed(count / size >= 100 ? 0 : 1)}${unit}`;
  }
  return count.toString();
}

function currencySymbol(currency: string): string {
  const part = new Intl.NumberFormat("en-US", { style: "currency", currency, currencyDisplay: "narrowSymbol" })
    .formatToParts(0)
    .find((p) => p.type === "currency");
  return part?.value ?? `${currency} `;
}

/**
 * A full-precision amount as money due: rounded half-even to the currency's minor unit by the domain's one rounding
 * policy, then grouped ("$1,234.50"). Never goes through a float.
 */
export function formatMoney(amount: string, currency: string): string {
  const fixed = formatMoneyDue(money(amount), currency);
  const negative = fixed.startsWith("-");
  const [whole = "0", fraction] = (negative ? fixed.slice(1) : fixed).split(".");
  const grouped = groupDigits(whole) + (fraction === undefined ? "" : `.${fraction}`);
  return `${negative ? "-" : ""}${currencySymbol(currency)}${grouped}`;
}

/** A precise unit price or small amount, unrounded but trimmed ("0.000125"), for tooltips and tables. */
export function formatExactAmount(amount: string): string {
  return money(amount).toFixed();
}
