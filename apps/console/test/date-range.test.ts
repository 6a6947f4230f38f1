import { describe, expect, it } from "vitest";
import { daysIn, formatRange, presetRange } from "../src/lib/date-range.ts";
import { dailySeries } from "../src/lib/daily-series.ts";

const now = new Date("2026-03-01T10:30:00Z");
const iso = (range: { from: Date; to: Date }) => [range.from.toISOString(), range.to.toISOString()];

describe("presetRange", () => {
  it("gives half-open whole-day UTC ranges including today", () => {
    expect(iso(presetRange("7d", now))).toEqual(["2026-02-23T00:00:00.000Z", "2026-03-02T00:00:00.000Z"]);
    expect(daysIn(presetRange("30d", now))).toHaveLength(30);
  });

  it("handles calendar months across a year boundary", () => {
    expect(iso(presetRange("this-month", now))).toEqual(["2026-03-01T00:00:00.000Z", "2026-04-01T00:00:00.000Z"]);
    expect(iso(presetRange("last-month", new Date("2026-01-15Z")))).toEqual([
      "2025-12-01T00:00:00.000Z",
      "2026-01-01T00:00:00.000Z",
    ]);
    expect(daysIn(presetRange("last-month", now))).toHaveLength(28);
    expect(formatRange(presetRange("last-month", now))).toBe("Feb 1 – Feb 28, 2026 (UTC)");
  });
});

describe("dailySeries", () => {
  it("has one point per day, zero-filled, with exact amounts kept as strings", () => {
    const range = presetRange("7d", now);
    const tokens = { input: "10", cached_input: "0", cache_write: "0", output: "5", reasoning: "1" };
    const series = dailySeries(
      [
        {
          day: "2026-02-25",
          eventCount: "2",
          unratedCount: "0",
          tokens,
          totalTokens: "16",
          amount: "0.0000123",
        },
      ],
      range,
    );
    expect(series.map((point) => point.day)).toEqual(daysIn(range));
    expect(series.find((point) => point.day === "2026-02-25")).toMatchObject({
      input: 10,
      output: 5,
      reasoning: 1,
      amount: "0.0000123",
    });
    expect(series[0]).toMatchObject({ input: 0, output: 0, amount: "0" });
  });
});
