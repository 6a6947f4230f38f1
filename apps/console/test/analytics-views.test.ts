import { describe, expect, it } from "vitest";
import { formatRatioPercent, weeklyChartRows, weekLabel } from "../src/lib/analytics-views.ts";

describe("analytics views", () => {
  it("shows ratios as percentages with one decimal, exactly", () => {
    expect(["0.532338", "0.00995", "1", "-0.429688", "0.66665", null].map(formatRatioPercent)).toEqual([
      "53.2 %",
      "1.0 %",
      "100.0 %",
      "-43.0 %",
      "66.7 %",
      "—",
    ]);
  });

  it("plots each week's models as numbers and keeps the exact counts for the tooltip", () => {
    const rows = weeklyChartRows({
      as_of: null,
      top_models: ["a/m1"],
      weeks: [
        {
          week_start: "2026-11-30T00:00:00.000Z",
          partial: true,
          tokens: "9007199254740993",
          growth: null,
          models: [
            { model: "a/m1", tokens: "9007199254740993", growth: null },
            { model: "other", tokens: "0", growth: null },
          ],
        },
      ],
    });
    expect(rows).toEqual([{ week: "2026-11-30", m0: 9007199254740992, x0: "9007199254740993", m1: 0, x1: "0" }]);
    expect(weekLabel("2026-12-07T00:00:00.000Z")).toBe("2026-12-07");
  });
});
