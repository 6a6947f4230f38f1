/**
 * A typed day in the console's one date format ("2026-11-08", as headings and URLs show days), and a real calendar
 * day: "2026-02-30" is refused rather than rolled over to March.
 */
export function isIsoDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text;
}
