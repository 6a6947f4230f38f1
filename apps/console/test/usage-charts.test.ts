import { describe, expect, it } from "vitest";
import { bucketAxis, dayLabel } from "../src/lib/chart-ticks.ts";
import { groupColor, seriesColor } from "../src/lib/explore-series.ts";
import { TOKEN_COLORS } from "../src/lib/token-labels.ts";

function hours(firstDay: string, count: number): string[] {
  const start = Date.parse(`${firstDay}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => new Date(start + index * 3_600_000).toISOString().slice(0, 16));
}

describe("chart axis ticks", () => {
  it("names days as the console does, without the year", () => {
    expect(dayLabel("2026-11-07")).toBe("Nov 7");
    const daily = bucketAxis(["2026-11-30", "2026-12-01"]);
    expect(daily.ticks).toEqual(["2026-11-30", "2026-12-01"]);
    expect(daily.ticks.map(daily.label)).toEqual(["Nov 30", "Dec 1"]);
  });

  it("labels a long hourly chart at each day's first hour only, a short one by the hour", () => {
    const month = bucketAxis(hours("2026-11-08", 30 * 24));
    expect(month.ticks).toHaveLength(30);
    expect(month.ticks[0]).toBe("2026-11-08T00:00");
    expect(month.ticks.map(month.label).slice(0, 2)).toEqual(["Nov 8", "Nov 9"]);

    const day = bucketAxis(hours("2026-11-08", 24).slice(10));
    expect(day.ticks).toHaveLength(14);
    // The chart's first bucket names its day, the others their hour.
    expect(day.ticks.slice(0, 2).map(day.label)).toEqual(["Nov 8", "11:00"]);
  });

  it("names a day by its first bucket when the zone's day does not start at 00:00", () => {
    // Kolkata (+05:30): buckets are labelled on the half hour.
    const buckets = ["2026-11-07T22:30", "2026-11-07T23:30", "2026-11-08T00:30", "2026-11-08T01:30"];
    const axis = bucketAxis(buckets);
    expect(axis.ticks.map(axis.label)).toEqual(["Nov 7", "23:30", "Nov 8", "01:30"]);
  });
});

describe("explorer series colours", () => {
  it("gives each token type its console-wide colour, and other groupings the palette in order", () => {
    expect(seriesColor({ kind: "value", key: "input" }, 0, "token_type")).toBe(TOKEN_COLORS.input);
    expect(seriesColor({ kind: "value", key: "output" }, 3, "token_type")).toBe(TOKEN_COLORS.output);
    // A customer that happens to be called "output" is just the next colour.
    expect(seriesColor({ kind: "value", key: "output" }, 0, "customer")).toBe(groupColor(0, "value"));
    expect(seriesColor({ kind: "other", key: null }, 5, "token_type")).toBe(groupColor(5, "other"));
  });
});
