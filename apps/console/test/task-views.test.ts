import { describe, expect, it } from "vitest";
import {
  amountsByModel,
  formatDuration,
  formatMonth,
  formatShare,
  monthChoices,
  tokenShares,
  utcMonth,
} from "../src/lib/task-views.ts";

const line = (model: string, rounded_amount: string) => ({
  model,
  token_type: "input" as const,
  tokens: "1",
  amount: rounded_amount,
  rounded_amount,
});

describe("task months", () => {
  it("are UTC calendar months, newest first, keeping an older selected one", () => {
    expect(utcMonth(new Date("2026-03-31T23:30:00-02:00"))).toBe("2026-04");
    expect(monthChoices(new Date("2026-02-10T00:00:00Z"), 3)).toEqual(["2026-02", "2026-01", "2025-12"]);
    expect(monthChoices(new Date("2026-02-10T00:00:00Z"), 2, "2024-07")).toEqual(["2026-02", "2026-01", "2024-07"]);
    expect(monthChoices(new Date("2026-02-10T00:00:00Z"), 2, "2026-01")).toEqual(["2026-02", "2026-01"]);
    expect(formatMonth("2026-11")).toBe("November 2026");
    expect(formatMonth("2027-01")).toBe("January 2027");
  });
});

describe("tokenShares", () => {
  it("gives each type's share in exact tenths of a percent, largest first, types without tokens left out", () => {
    const shares = tokenShares({
      input: "1",
      cached_input: "6",
      cache_write: "0",
      output: "1",
      reasoning: "0",
    });
    expect(shares).toEqual([
      { type: "cached_input", permille: 750 },
      { type: "input", permille: 125 },
      { type: "output", permille: 125 },
    ]);
    expect(shares.map((share) => formatShare(share.permille))).toEqual(["75%", "12.5%", "12.5%"]);
  });

  it("stays exact beyond 2^53 tokens and is empty without tokens", () => {
    const huge = "90071992547409930"; // 10 × 2^53 + 10: a float would lose the last digits.
    expect(tokenShares({ input: huge, cached_input: huge, cache_write: "0", output: "0", reasoning: "0" })).toEqual([
      { type: "input", permille: 500 },
      { type: "cached_input", permille: 500 },
    ]);
    expect(tokenShares({ input: "0", cached_input: "0", cache_write: "0", output: "0", reasoning: "0" })).toEqual([]);
  });
});

describe("formatDuration", () => {
  it("names the two largest units", () => {
    expect(formatDuration("2026-11-01T10:00:00Z", "2026-11-01T10:00:00.400Z")).toBe("under a second");
    expect(formatDuration("2026-11-01T10:00:00Z", "2026-11-01T10:00:45Z")).toBe("45 s");
    expect(formatDuration("2026-11-01T10:00:00Z", "2026-11-01T10:12:05Z")).toBe("12 min 5 s");
    expect(formatDuration("2026-11-01T10:00:00Z", "2026-11-01T13:20:59Z")).toBe("3 h 20 min");
    expect(formatDuration("2026-11-01T10:00:00Z", "2026-11-03T14:00:00Z")).toBe("2 d 4 h");
    expect(formatDuration("2026-11-01T10:00:00Z", "2026-11-01T11:00:30Z")).toBe("1 h");
  });
});

describe("amountsByModel", () => {
  it("sums each model's rounded lines exactly, keeping the lines' order", () => {
    expect(amountsByModel([line("m1", "0.1"), line("m2", "5"), line("m1", "0.2"), line("m1", "0.01")])).toEqual([
      { model: "m1", amount: "0.31" },
      { model: "m2", amount: "5" },
    ]);
  });
});
