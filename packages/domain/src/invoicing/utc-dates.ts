/** Month names of UTC dates on invoices, written without Intl so output never depends on the machine's locale. */
export const MONTH_ABBREVIATIONS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

export function monthAbbreviation(date: Date): string {
  return MONTH_ABBREVIATIONS[date.getUTCMonth()] ?? "";
}

/** "Nov 14" (UTC). */
export function shortDay(date: Date): string {
  return `${monthAbbreviation(date)} ${date.getUTCDate().toString()}`;
}
