import { monthAbbreviation } from "@tollgate/domain";

// Dates on invoices are UTC calendar dates, named by the domain's one list of months (no Intl, no locale).

const pad2 = (n: number): string => n.toString().padStart(2, "0");

const monthName = monthAbbreviation;

/** "2026-11-30". */
export function isoDay(date: Date): string {
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** "2026-11". */
export function isoMonth(date: Date): string {
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}`;
}

/** "Nov 30, 2026". */
export function longDay(date: Date): string {
  return `${monthName(date)} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

/** "Nov 2026". */
export function shortMonth(date: Date): string {
  return `${monthName(date)} ${date.getUTCFullYear()}`;
}

/** The last day of a period whose end is exclusive. */
export function lastDayOf(periodEnd: Date): Date {
  return new Date(periodEnd.getTime() - 1);
}

/** "Nov 1 – Nov 30, 2026" (years on both sides when they differ). */
export function periodRange(start: Date, endExclusive: Date): string {
  const last = lastDayOf(endExclusive);
  const from =
    start.getUTCFullYear() === last.getUTCFullYear() ? `${monthName(start)} ${start.getUTCDate()}` : longDay(start);
  return `${from} – ${longDay(last)}`;
}
