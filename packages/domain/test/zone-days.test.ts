import { describe, expect, it } from "vitest";
import { addDays, isCalendarDay, zoneDayOf, zoneDayStart } from "../src/zone-days.ts";

describe("zone days", () => {
  it("start at local midnight, summer time included", () => {
    expect(zoneDayStart("2026-10-31", "America/New_York")).toEqual(new Date("2026-10-31T04:00:00Z"));
    // New York falls back at 2026-11-01T06:00Z: Nov 1 is 25 hours long, Nov 2 starts at 05:00Z.
    expect(zoneDayStart("2026-11-01", "America/New_York")).toEqual(new Date("2026-11-01T04:00:00Z"));
    expect(zoneDayStart("2026-11-02", "America/New_York")).toEqual(new Date("2026-11-02T05:00:00Z"));
    expect(zoneDayStart("2026-03-30", "Europe/Berlin")).toEqual(new Date("2026-03-29T22:00:00Z"));
    expect(zoneDayStart("2026-11-02", "UTC")).toEqual(new Date("2026-11-02T00:00:00Z"));
    expect(zoneDayStart("2026-11-02", "Pacific/Kiritimati")).toEqual(new Date("2026-11-01T10:00:00Z"));
    expect(zoneDayStart("2026-11-02", "Etc/GMT+12")).toEqual(new Date("2026-11-02T12:00:00Z"));
  });

  it("start at the first whole UTC hour of the day in half-hour zones and where midnight is skipped", () => {
    // Kolkata's midnight is 18:30Z; the hour 18:00Z starts at 23:30 of the day before.
    expect(zoneDayStart("2026-11-02", "Asia/Kolkata")).toEqual(new Date("2026-11-01T19:00:00Z"));
    // Santiago springs forward at midnight (2026-09-06 00:00 → 01:00, 04:00Z): the day starts at 01:00 local.
    expect(zoneDayStart("2026-09-06", "America/Santiago")).toEqual(new Date("2026-09-06T04:00:00Z"));
    expect(zoneDayOf(new Date("2026-09-06T03:00:00Z"), "America/Santiago")).toBe("2026-09-05");
  });

  it("count calendar days and refuse ones that do not exist", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(isCalendarDay("2026-02-29")).toBe(false);
    expect(isCalendarDay("2028-02-29")).toBe(true);
    expect(isCalendarDay("2026-2-1")).toBe(false);
  });
});
