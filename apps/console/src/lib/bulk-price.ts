import { Money, money, nonNegativeDecimalText, toDecimalString } from "@tollgate/domain";

/**
 * Bulk price changes of the rates editor. Prices per 1M tokens are often fractions of a cent ("0.075"), so a
 * computed price keeps 6 decimals: a % change of a 2-decimal price is then exact in every realistic case, and no
 * price ever grows a 30-digit tail. Half-even, the platform's one rounding mode (see money.ts).
 */
export const BULK_PRICE_DECIMALS = 6;

export type BulkAction = { kind: "percent"; percent: string } | { kind: "set"; price: string };

/** A % change of -100 or less would make prices zero or negative. */
const PERCENT = /^[+-]?\d{1,6}(\.\d{1,6})?$/;

/** Why a bulk action cannot run, or null: the percentage or price as typed. */
export function bulkActionProblem(action: BulkAction): string | null {
  if (action.kind === "set") {
    const parsed = nonNegativeDecimalText.safeParse(action.price.trim());
    return parsed.success ? null : `Price ${parsed.error.issues[0]?.message ?? "is invalid"}`;
  }
  const text = action.percent.trim();
  if (!PERCENT.test(text)) return 'Percentage must be a number such as "20" (markup) or "-10" (discount)';
  if (money(text).lte(-100)) return "A discount must be less than 100 %";
  return null;
}

/** `price` raised (positive) or lowered (negative) by `percent` %, rounded to BULK_PRICE_DECIMALS, trimmed. */
export function adjustPrice(price: string, percent: string): string {
  const factor = money(percent.trim()).div(100).plus(1);
  const adjusted = money(price).times(factor).toDecimalPlaces(BULK_PRICE_DECIMALS, Money.ROUND_HALF_EVEN);
  return toDecimalString(adjusted);
}

/**
 * The new text of each cell a bulk action changes. A % change needs a price to change, so empty cells are left
 * out (a model without a rate gets one with "set price"); so are cells whose text is not a valid price yet.
 */
export function applyBulkAction(cells: ReadonlyMap<string, string>, action: BulkAction): Map<string, string> {
  const changed = new Map<string, string>();
  if (bulkActionProblem(action) !== null) return changed;
  for (const [key, text] of cells) {
    if (action.kind === "set") {
      changed.set(key, toDecimalString(money(action.price.trim())));
      continue;
    }
    const current = text.trim();
    if (current === "" || !nonNegativeDecimalText.safeParse(current).success) continue;
    changed.set(key, adjustPrice(current, action.percent));
  }
  return changed;
}
