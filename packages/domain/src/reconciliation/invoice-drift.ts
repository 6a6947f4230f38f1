import { money, sumMoney } from "../money.ts";
import { driftBetween, type Drift } from "./drift.ts";

/** A finalized invoice's stored amounts and its lines' sums, as exact decimal text. */
export interface StoredInvoiceTotals {
  subtotal: string;
  creditsApplied: string;
  tax: string;
  total: string;
  /** Σ lines.exact_amount. */
  linesExact: string;
  /** Σ lines.amount (rounded). */
  linesRounded: string;
}

export interface InvoiceDrift extends Drift {
  detail: string;
}

/**
 * How an invoice disagrees with the ledger totals billed on its period (`billed`: Σ charge kinds − Σ credit usage,
 * as buildInvoiceDrafts counts them) and with itself: its exact lines must add up to what was billed, its rounded
 * lines to subtotal + credits applied, and its total to subtotal + credits applied + tax.
 */
export function invoiceDrifts(invoice: StoredInvoiceTotals, billed: string): InvoiceDrift[] {
  const beforeTax = sumMoney([money(invoice.subtotal), money(invoice.creditsApplied)]);
  const comparisons: [string, string, string][] = [
    ["Σ lines.exact_amount vs ledger period totals billed", billed, invoice.linesExact],
    ["Σ lines.amount vs subtotal + credits_applied", beforeTax.toFixed(), invoice.linesRounded],
    ["total vs subtotal + credits_applied + tax", beforeTax.plus(money(invoice.tax)).toFixed(), invoice.total],
  ];
  return comparisons.flatMap(([detail, expected, actual]) => {
    const drift = driftBetween(expected, actual);
    return drift ? [{ ...drift, detail }] : [];
  });
}
