import { currencySymbol, formatCount, formatMoney, formatUnitPrice, money } from "@tollgate/domain";

// Money and counts are presented by the domain's one formatter (shared with the invoice documents).
export { formatMoney, formatUnitPrice };

/** A bigint token count (decimal string) with thousands separators; exact at any size. */
export function formatTokens(count: string): string {
  return formatCount(count);
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
    // "12M", not "12.0M": round axis ticks read as round numbers.
    if (Math.abs(count) >= size)
      return `${(count / size).toFixed(count / size >= 100 ? 0 : 1).replace(/\.0$/, "")}${unit}`;
  }
  return count.toString();
}

/**
 * A money axis tick ("$0", "$2.50", "$1.5k"): the currency sign says the axis is money, not a bare "8.00". Axes are
 * pictures of floats; tooltips and tables show the exact amounts.
 */
export function formatMoneyTick(value: number, currency: string): string {
  const size = Math.abs(value);
  const digits = size >= 1000 ? formatTokensShort(size) : Number.isInteger(size) ? size.toString() : size.toFixed(2);
  return `${value < 0 ? "-" : ""}${currencySymbol(currency)}${digits}`;
}

/** A precise unit price or small amount, unrounded but trimmed ("0.000125"), for tooltips and tables. */
export function formatExactAmount(amount: string): string {
  return money(amount).toFixed();
}

/** A growth ratio ("0.25", exact decimal text) as a signed percentage with one decimal: "+25.0 %", "−3.2 %". */
export function formatGrowth(ratio: string): string {
  const percent = money(ratio).times(100).toDecimalPlaces(1);
  const sign = percent.isPositive() && !percent.isZero() ? "+" : percent.isNegative() ? "−" : "";
  return `${sign}${percent.abs().toFixed(1)} %`;
}

/** A share as a whole percentage for labels ("83 %"), rounded down so 99.9 % never reads as 100 %. */
export function formatPercent(percent: string): string {
  return `${money(percent).floor().toFixed()} %`;
}

/** A rate stored as a fraction ("0.2") as a percentage ("20 %"), exact (tax rates). */
export function formatRate(fraction: string): string {
  return `${money(fraction).times(100).toFixed()} %`;
}

/** A change already in percent ("20", "-33.33…", exact decimal text), signed with one decimal: "+20.0 %". */
export function formatPercentChange(percent: string): string {
  return formatGrowth(money(percent).div(100).toFixed());
}
