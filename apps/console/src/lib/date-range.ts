import { formatPeriod } from "./dates.ts";

/** Usage ranges are half-open [from, to) in UTC, aligned to whole days (the rollups are hourly, days are UTC). */
export interface DateRange {
  from: Date;
  to: Date;
}

export const RANGE_PRESET_IDS = ["7d", "30d", "this-month", "last-month"] as const;
export type RangePreset = (typeof RANGE_PRESET_IDS)[number];

export const RANGE_PRESETS: { id: RangePreset; label: string }[] = [
  { id: "7d", label: "Last 7 days" },
  { id: "30d", label: "Last 30 days" },
  { id: "this-month", label: "This month" },
  { id: "last-month", label: "Last month" },
];

const DAY_MS = 86_400_000;

function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** The range a preset means at `now`; "last N days" includes today. */
export function presetRange(preset: RangePreset, now: Date): DateRange {
  const tomorrow = new Date(startOfUtcDay(now).getTime() + DAY_MS);
  switch (preset) {
    case "7d":
      return { from: new Date(tomorrow.getTime() - 7 * DAY_MS), to: tomorrow };
    case "30d":
      return { from: new Date(tomorrow.getTime() - 30 * DAY_MS), to: tomorrow };
    case "this-month":
      return {
        from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
        to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
      };
    case "last-month":
      return {
        from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)),
        to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
      };
  }
}

/** Every UTC day (YYYY-MM-DD) in the range, so charts show days without usage as zero instead of skipping them. */
export function daysIn(range: DateRange): string[] {
  const days: string[] = [];
  for (let t = startOfUtcDay(range.from).getTime(); t < range.to.getTime(); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** "Nov 1 – Nov 30, 2026 (UTC)", as billing periods read. */
export function formatRange(range: DateRange): string {
  return `${formatPeriod(range.from.toISOString(), range.to.toISOString())} (UTC)`;
}
