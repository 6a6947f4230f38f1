const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

// One formatter per zone: building one costs far more than formatting with it.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) in `timeZone` of the instant `at`. Throws a RangeError for a zone Intl lacks. */
export function zoneDayOf(at: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, format);
  }
  return format.format(at);
}

/** The day `count` calendar days after `day` (YYYY-MM-DD; negative counts go back). */
export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

/** Whether `day` is a real calendar day written YYYY-MM-DD (2026-02-31 is not). */
export function isCalendarDay(day: string): boolean {
  if (!ISO_DAY.test(day)) return false;
  const at = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === day;
}

/**
 * The first whole UTC hour of the local day `day` in `timeZone`: the usage reads' definition of a local day (an hourly
 * rollup belongs to the local day of its first instant), so [zoneDayStart(a), zoneDayStart(b)) is exactly the local
 * days a … b−1, summer time included. It is local midnight itself in whole-hour zones, the next whole hour in
 * half-hour ones (Asia/Kolkata's midnight is 18:30Z; its day's first hour 19:00Z), and the first hour that exists
 * where a clock change skips midnight. Found by stepping through the 27 whole hours in which any zone's midnight
 * (UTC−12 to UTC+14) can fall, with the runtime's own zone rules.
 */
export function zoneDayStart(day: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  for (let at = utcMidnight - 14 * HOUR_MS; at <= utcMidnight + 13 * HOUR_MS; at += HOUR_MS) {
    if (zoneDayOf(new Date(at), timeZone) >= day) return new Date(at);
  }
  throw new RangeError(`no hour of ${day} found in ${timeZone}`);
}
