import { allocateRoundedLines, money } from "@tollgate/domain";

/**
 * Exact amounts rounded for display so that they add up to their rounded total (largest remainders get the cents):
 * a table of rows and its total card never disagree by a cent.
 */
export function allocatedAmounts(amounts: readonly string[], currency: string): string[] {
  return allocateRoundedLines(
    amounts.map((amount) => money(amount)),
    currency,
  ).map((amount) => amount.toFixed());
}
