import { allocateRoundedLines, minorUnitDigits, money } from "@tollgate/domain";

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

/**
 * Exact amounts rounded so that they add up to a given rounded `total` (largest remainders get the cents), for parts
 * of a row whose own rounded amount was already allocated against its siblings (the api's group amounts): the rounded
 * sum of the parts may be a cent off that amount, which the parts must still add up to.
 */
export function allocatedToTotal(amounts: readonly string[], total: string, currency: string): string[] {
  if (amounts.length === 0) return [];
  const unit = money("10").pow(-minorUnitDigits(currency));
  const units = amounts.map((amount) => money(amount).dividedBy(unit));
  const floors = units.map((value) => value.floor());
  let missing = money(total)
    .dividedBy(unit)
    .round()
    .minus(floors.reduce((sum, value) => sum.plus(value), money("0")))
    .toNumber();
  // Cents go to the largest remainders (taken from the smallest), earlier parts first on ties.
  const step = missing >= 0 ? 1 : -1;
  const order = units
    .map((value, index) => ({ index, remainder: value.minus(floors[index] ?? 0).times(step) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index)
    .map((entry) => entry.index);
  const result = [...floors];
  for (let position = 0; missing !== 0; position = (position + 1) % order.length) {
    const index = order[position] ?? 0;
    result[index] = (result[index] ?? money("0")).plus(step);
    missing -= step;
  }
  return result.map((value) => value.times(unit).toFixed(minorUnitDigits(currency)));
}
