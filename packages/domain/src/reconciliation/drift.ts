import { money, toDecimalString } from "../money.ts";

/** The reconciliation's checks, each comparing a total with the source it was derived from. */
export const RECONCILIATION_CHECKS = ["ledger_vs_events", "ledger_vs_period_totals", "invoice_vs_ledger"] as const;
export type ReconciliationCheck = (typeof RECONCILIATION_CHECKS)[number];

/** A difference between a total and its source, exact decimals as text. */
export interface Drift {
  /** What the source says (rated events, ledger entries, period totals, the invoice's own header). */
  expected: string;
  /** What was derived from it and stored. */
  actual: string;
  /** actual − expected. */
  difference: string;
}

/**
 * The drift between two exact decimal amounts, or null when they are equal. Decimals, never floats: a difference
 * in the 30th decimal is drift.
 */
export function driftBetween(expected: string, actual: string): Drift | null {
  const difference = money(actual).minus(money(expected));
  if (difference.isZero()) return null;
  return {
    expected: toDecimalString(money(expected)),
    actual: toDecimalString(money(actual)),
    difference: toDecimalString(difference),
  };
}
