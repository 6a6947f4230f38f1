import { presetRange, type DateRange, type RangePreset } from "./date-range.ts";

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function utcDay(day: string): Date | undefined {
  if (!ISO_DAY.test(day)) return undefined;
  const at = new Date(`${day}T00:00:00Z`);
  // Not a calendar day (2026-02-31) when it does not read back the same.
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== day ? undefined : at;
}

/**
 * The explorer's range: from/to (UTC days, `to` included) when both are valid and in order, else the preset.
 * Always whole UTC days, so the api's whole-hour rule holds.
 */
export function exploreRange(
  search: { range?: RangePreset; from?: string; to?: string },
  now: Date,
): { range: DateRange; custom: boolean } {
  const from = search.from === undefined ? undefined : utcDay(search.from);
  const to = search.to === undefined ? undefined : utcDay(search.to);
  if (from && to && from.getTime() <= to.getTime()) {
    return { range: { from, to: new Date(to.getTime() + DAY_MS) }, custom: true };
  }
  return { range: presetRange(search.range ?? "30d", now), custom: false };
}
