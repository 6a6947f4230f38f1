import { describe, expect, it } from "vitest";
import { exploreRange, formatDays, hourlyRangeTooLong } from "../src/lib/explore-range.ts";
import { usageSearch } from "../src/lib/search-params.ts";

const NOW = new Date("2026-12-06T18:00:00Z");

describe("usage explorer range and search params", () => {
  it("from/to are days of the zone with the last one included, sent as the zone's midnights", () => {
    expect(exploreRange({ from: "2026-11-01", to: "2026-11-30" }, NOW, "UTC")).toEqual({
      range: { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") },
      days: { first: "2026-11-01", last: "2026-11-30" },
      custom: true,
    });
    // New York: Oct 31 is summer time (UTC−4), Nov 1 falls back (25 hours), Nov 2 is UTC−5.
    expect(exploreRange({ from: "2026-10-31", to: "2026-11-01" }, NOW, "America/New_York").range).toEqual({
      from: new Date("2026-10-31T04:00:00Z"),
      to: new Date("2026-11-02T05:00:00Z"),
    });
    // A half-hour zone: each day starts at its first whole UTC hour (00:30 local), as the api buckets it.
    expect(exploreRange({ from: "2026-11-02", to: "2026-11-02" }, NOW, "Asia/Kolkata").range).toEqual({
      from: new Date("2026-11-01T19:00:00Z"),
      to: new Date("2026-11-02T19:00:00Z"),
    });
  });

  it("presets are the zone's days: today is the zone's today", () => {
    // 18:00Z on Dec 6 is already Dec 7 in Tokyo, still Dec 6 in New York.
    expect(exploreRange({ range: "7d" }, NOW, "Asia/Tokyo").days).toEqual({ first: "2026-12-01", last: "2026-12-07" });
    expect(exploreRange({ range: "7d" }, NOW, "America/New_York")).toMatchObject({
      days: { first: "2026-11-30", last: "2026-12-06" },
      range: { from: new Date("2026-11-30T05:00:00Z"), to: new Date("2026-12-07T05:00:00Z") },
    });
    const lastMonth = exploreRange({ range: "last-month" }, new Date("2026-03-01T03:00:00Z"), "America/New_York");
    expect(lastMonth.days).toEqual({ first: "2026-01-01", last: "2026-01-31" });
    expect(exploreRange({ range: "this-month" }, NOW, "Europe/Berlin").days).toEqual({
      first: "2026-12-01",
      last: "2026-12-31",
    });
    expect(exploreRange({ range: "this-month" }, new Date("2026-02-10T00:00:00Z"), "UTC").days.last).toBe("2026-02-28");
  });

  it("falls back to the preset (30 days by default) when from/to are missing, reversed or not dates", () => {
    const last30 = { from: new Date("2026-11-07T00:00:00Z"), to: new Date("2026-12-07T00:00:00Z") };
    expect(exploreRange({}, NOW, "UTC")).toMatchObject({ range: last30, custom: false });
    expect(exploreRange({ from: "2026-11-30", to: "2026-11-01" }, NOW, "UTC")).toMatchObject({
      range: last30,
      custom: false,
    });
    expect(exploreRange({ from: "2026-02-31", to: "2026-03-05" }, NOW, "UTC").custom).toBe(false);
    expect(exploreRange({ range: "7d", from: "2026-11-01" }, NOW, "UTC").range.from).toEqual(
      new Date("2026-11-30T00:00:00Z"),
    );
    // A zone the browser does not know counts UTC days (the api answers 400 for it).
    expect(exploreRange({}, NOW, "Mars/Olympus").range).toEqual(last30);
    expect(formatDays({ first: "2026-11-01", last: "2026-11-30" })).toBe("Nov 1 – Nov 30, 2026");
    expect(formatDays({ first: "2026-12-25", last: "2027-01-03" })).toBe("Dec 25, 2026 – Jan 3, 2027");
    expect(formatDays({ first: "2026-11-07", last: "2026-11-07" })).toBe("Nov 7, 2026");
  });

  it("drops malformed params instead of failing the page", () => {
    expect(
      usageSearch.parse({
        group_by: "planet",
        granularity: "hour",
        metric: "amount",
        token_type: ["output", "bogus"],
        model: ["a", "b"],
        customer: "not-a-list",
        from: "yesterday",
      }),
    ).toEqual({ granularity: "hour", metric: "amount", model: ["a", "b"] });
  });

  it("hourly is guarded past the api's 31 days (a 25-hour day allowed), offering the last 31 days", () => {
    const check = (from: string, to: string, zone = "UTC") => {
      const { range, days } = exploreRange({ from, to }, NOW, zone);
      return hourlyRangeTooLong(range, days);
    };
    expect(check("2026-10-01", "2026-10-31")).toEqual({ tooLong: false });
    // 31 days of New York containing the 25-hour Nov 1 (745 hours), as the api allows.
    expect(check("2026-10-15", "2026-11-14", "America/New_York")).toEqual({ tooLong: false });
    expect(check("2026-10-01", "2026-11-01")).toEqual({
      tooLong: true,
      clamped: { first: "2026-10-02", last: "2026-11-01" },
    });
    expect(check("2026-01-01", "2026-12-06")).toEqual({
      tooLong: true,
      clamped: { first: "2026-11-06", last: "2026-12-06" },
    });
  });
});
