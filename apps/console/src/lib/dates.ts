import { shortDay } from "@tollgate/domain";

// Instants are shown in the viewer's time zone (their browser's), with the UTC instant on hover. Billing periods are
// UTC by definition, so they are shown as UTC dates and say so.

// The zone's short name ("UTC", "GMT+1", "PST") follows the time: a bare "5:58 AM" leaves the reader guessing whose
// clock it is. (`dateStyle` cannot be combined with `timeZoneName`, hence the fields spelled out.)
const localDateTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZoneName: "short",
});
const localDate = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatLocalDateTime(iso: string): string {
  return localDateTime.format(new Date(iso));
}

export function formatLocalDate(iso: string): string {
  return localDate.format(new Date(iso));
}

/**
 * Billing dates (plan versions' effective dates, subscription starts and ends) are UTC midnights: they name a day,
 * and "Jan 1, 2025, 1:00 AM GMT+1" makes a reader east of UTC think it starts an hour late (and one west of it, on
 * the day before). Such instants are shown as the UTC day instead; any other instant keeps its local time.
 */
export function isUtcMidnight(iso: string): boolean {
  return new Date(iso).getTime() % 86_400_000 === 0;
}

/** "Jan 1, 2025 (UTC)". */
export function formatUtcDay(iso: string): string {
  const at = new Date(iso);
  return `${shortDay(at)}, ${at.getUTCFullYear().toString()} (UTC)`;
}

/** "2026-11-14 09:30 UTC". */
export function formatUtc(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A half-open UTC period [start, end) as the days it covers: "Nov 1 – Nov 30, 2026". */
export function formatPeriod(startIso: string, endIso: string): string {
  const start = new Date(startIso);
  const lastDay = new Date(new Date(endIso).getTime() - 1);
  const startYear = start.getUTCFullYear();
  const endYear = lastDay.getUTCFullYear();
  const from = startYear === endYear ? shortDay(start) : `${shortDay(start)}, ${startYear.toString()}`;
  return `${from} – ${shortDay(lastDay)}, ${endYear.toString()}`;
}

/** The UTC day a billing period starts on: "Nov 1, 2026". */
export function formatPeriodStart(startIso: string): string {
  const start = new Date(startIso);
  return `${shortDay(start)}, ${start.getUTCFullYear().toString()}`;
}
