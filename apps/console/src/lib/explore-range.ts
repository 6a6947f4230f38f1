import { addDays, isCalendarDay, zoneDayOf, zoneDayStart } from "@tollgate/domain";
import type { DateRange, RangePreset } from "./date-range.ts";
import { formatPeriod, formatPeriodStart } from "./dates.ts";

/** The explorer's days: the first and last (included) local days, YYYY-MM-DD, as the URL and date boxes show them. */
export interface ExploreDays {
  first: string;
  last: string;
}

/** The local days a preset means on `today` (the zone's current day); "last N days" includes today. */
function presetDays(preset: RangePreset, today: string): ExploreDays {
  const month = `${today.slice(0, 7)}-01`;
  switch (preset) {
    case "7d":
      return { first: addDays(today, -6), last: today };
    case "30d":
      return { first: addDays(today, -29), last: today };
    case "this-month":
      return { first: month, last: addDays(nextMonth(month), -1) };
    case "last-month": {
      const last = addDays(month, -1);
      return { first: `${last.slice(0, 7)}-01`, last };
    }
  }
}

/** The first day of the month after `month` (a YYYY-MM-01 day). */
function nextMonth(month: string): string {
  return `${addDays(month, 31).slice(0, 7)}-01`;
}

/**
 * The explorer's range: from/to (days of `timeZone`, `to` included) when both are valid and in order, else the preset
 * on the zone's today. The instants sent are the zone's day starts (zoneDayStart: local midnight, DST-correct, on a
 * whole UTC hour as the api requires), so a daily read is whole local days, which the tenant's own zone reads from
 * its local-day rollups; and the same URL gives the same range to whoever opens it.
 */
export function exploreRange(
  search: { range?: RangePreset; from?: string; to?: string },
  now: Date,
  timeZone: string,
): { range: DateRange; days: ExploreDays; custom: boolean } {
  const { from, to } = search;
  const zone = knownZone(timeZone);
  const custom = from !== undefined && to !== undefined && isCalendarDay(from) && isCalendarDay(to) && from <= to;
  const days = custom ? { first: from, last: to } : presetDays(search.range ?? "30d", zoneDayOf(now, zone));
  return {
    range: { from: zoneDayStart(days.first, zone), to: zoneDayStart(addDays(days.last, 1), zone) },
    days,
    custom,
  };
}

/** `timeZone` if the browser knows it, else UTC: a mistyped zone in a URL gets the api's 400, not a broken page. */
function knownZone(timeZone: string): string {
  try {
    zoneDayOf(new Date(0), timeZone);
    return timeZone;
  } catch {
    return "UTC";
  }
}

/**
 * "Nov 1 – Nov 30, 2026" (the zone is named beside it): days as the rest of the console writes them. The date boxes
 * show them in the browser's own format, which may be neither ISO nor this.
 */
export function formatDays(days: ExploreDays): string {
  const start = `${days.first}T00:00:00Z`;
  const end = `${addDays(days.last, 1)}T00:00:00Z`;
  return days.first === days.last ? formatPeriodStart(start) : formatPeriod(start, end);
}

/** The api's cap on an hourly range (MAX_EXPLORE_DAYS.hour: 744 points at most); daily ranges go much further. */
export const MAX_HOURLY_DAYS = 31;
const HOUR_MS = 3_600_000;

/**
 * Whether an hourly read of `range` is over the api's cap, which would answer 400: the page says so instead and
 * offers daily buckets or `clamped`, the cap's last days (ending on the same last day). Same rule as the api: local
 * days may have 25 hours, so one hour more is allowed.
 */
export function hourlyRangeTooLong(
  range: DateRange,
  days: ExploreDays,
): { tooLong: false } | { tooLong: true; clamped: ExploreDays } {
  const span = range.to.getTime() - range.from.getTime();
  if (span <= MAX_HOURLY_DAYS * 24 * HOUR_MS + HOUR_MS) return { tooLong: false };
  return { tooLong: true, clamped: { first: addDays(days.last, 1 - MAX_HOURLY_DAYS), last: days.last } };
}
