import { describe, expect, it } from "vitest";
import { creditDepletionDate, forecastPeriodSpend, money } from "../src/index.ts";

const now = new Date("2026-12-11T00:00:00Z");
const periodEnd = new Date("2027-01-01T00:00:00Z"); // 21 days left

describe("forecastPeriodSpend", () => {
  it("adds the average of the recent full days times the days left, exactly, with a min/max range", () => {
    const forecast = forecastPeriodSpend({
      spentSoFar: "100",
      dailySpend: ["10", "12", "8", "10", "10", "14", "6"],
      now,
      periodEnd,
    });
    expect(forecast.basedOnDays).toBe(7);
    expect(forecast.dailyAverage.toFixed()).toBe("10");
    expect(forecast.expected.toFixed()).toBe("310"); // 100 + 10 × 21
    expect(forecast.low.toFixed()).toBe("226"); // 100 + 6 × 21
    expect(forecast.high.toFixed()).toBe("394"); // 100 + 14 × 21
  });

  it("counts part of a day left, and keeps decimals exact (no float)", () => {
    const forecast = forecastPeriodSpend({
      spentSoFar: "0.1",
      dailySpend: ["0.2", "0.1"],
      now: new Date("2026-12-31T12:00:00Z"),
      periodEnd,
    });
    expect(forecast.expected.toFixed()).toBe("0.175"); // 0.1 + 0.15 × 0.5
  });

  it("is just the spend so far before a full day of history, and after the period's end", () => {
    expect(forecastPeriodSpend({ spentSoFar: "5", dailySpend: [], now, periodEnd }).expected.toFixed()).toBe("5");
    const after = forecastPeriodSpend({ spentSoFar: "5", dailySpend: ["3"], now: periodEnd, periodEnd });
    expect([after.low, after.expected, after.high].map((value) => value.toFixed())).toEqual(["5", "5", "5"]);
  });
});

describe("creditDepletionDate", () => {
  it("is the balance divided by the average daily spend, from now", () => {
    expect(creditDepletionDate("30", money("10"), now)?.toISOString()).toBe("2026-12-14T00:00:00.000Z");
  });

  it("never runs out without spend, and is already out without balance", () => {
    expect(creditDepletionDate("30", money("0"), now)).toBeNull();
    expect(creditDepletionDate("0", money("10"), now)).toBeNull();
  });
});
