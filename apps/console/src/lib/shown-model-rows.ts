import { allocatedAmounts } from "./allocated-amounts.ts";
import type { ModelUsage } from "./router-types.ts";

export interface ShownModelRow extends ModelUsage {
  /** The row's amount rounded so the rows add up to the rounded total. */
  shownAmount: string;
}

/** The overview's by-model rows with the amounts its table shows (and its CSV writes): they add up to the total. */
export function shownModelRows(rows: readonly ModelUsage[], currency: string): ShownModelRow[] {
  const shown = allocatedAmounts(
    rows.map((row) => row.amount),
    currency,
  );
  return rows.map((row, index) => ({ ...row, shownAmount: shown[index] ?? row.amount }));
}
