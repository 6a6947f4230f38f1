import { shortDay } from "@tollgate/domain";

// Hourly buckets over weeks made ~700 labels of "11-08 04:00" that recharts thinned but still drew overlapping and
// cut off at the right edge. Days read as elsewhere in the console ("Nov 7"), hours as the time of day; a long
// hourly chart is labelled at the first hour of each day only, named by its day.

/** Up to this many hourly buckets (two days), every hour may be labelled (recharts still thins crowded ones). */
const HOURS_ALL_LABELLED = 48;

const BUCKET = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?$/;

/** "2026-11-07" → "Nov 7", as the console names days. */
export function dayLabel(day: string): string {
  return shortDay(new Date(`${day}T00:00:00Z`));
}

/**
 * The x-axis of a chart of buckets labelled "2026-11-07" (days) or "2026-11-07T13:00" (hours, local to the chosen
 * zone): which buckets get a tick, and each tick's text. A day's first hour (its midnight, or the first hour after a
 * skipped one) is named by its day, any other hour by its time.
 */
export function bucketAxis(buckets: readonly string[]): { ticks: string[]; label: (bucket: string) => string } {
  const dayStarts = new Set<string>();
  let previousDay: string | undefined;
  for (const bucket of buckets) {
    const day = BUCKET.exec(bucket)?.[1];
    if (day !== undefined && day !== previousDay) dayStarts.add(bucket);
    previousDay = day;
  }
  const label = (bucket: string): string => {
    const match = BUCKET.exec(bucket);
    if (match?.[1] === undefined) return bucket;
    const time = match[2];
    return time === undefined || dayStarts.has(bucket) ? dayLabel(match[1]) : time;
  };
  const hourly = buckets.some((bucket) => BUCKET.exec(bucket)?.[2] !== undefined);
  const ticks = hourly && buckets.length > HOURS_ALL_LABELLED ? [...dayStarts] : [...buckets];
  return { ticks, label };
}
