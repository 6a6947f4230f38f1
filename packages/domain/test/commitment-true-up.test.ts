import { describe, expect, it } from "vitest";
import { commitmentTrueUp, money, toDecimalString } from "../src/index.ts";

const DAY = 86_400_000;
const trueUp = (minimum: string, charged: string, coveredDays: number, periodDays = 30) =>
  toDecimalString(
    commitmentTrueUp({
      minimum: money(minimum),
      charged: money(charged),
      coveredMs: coveredDays * DAY,
      periodMs: periodDays * DAY,
    }),
  );

describe("commitmentTrueUp", () => {
  it("charges the minimum less usage, never below zero", () => {
    expect(trueUp("50", "12.345", 30)).toBe("37.655");
    expect(trueUp("50", "50", 30)).toBe("0");
    expect(trueUp("50", "80", 30)).toBe("0");
    expect(trueUp("50", "0", 0)).toBe("0");
  });

  it("prorates the minimum by the share of the month the subscription covered, exactly", () => {
    expect(trueUp("50", "10", 15)).toBe("15");
    // 50 × 10/31 = 16.129032258064516129…: half-even at the ledger's 30 decimals (invoices round to cents).
    expect(trueUp("50", "0", 10, 31)).toBe("16.129032258064516129032258064516");
    expect(trueUp("50", "0", 20, 30)).toBe("33.333333333333333333333333333333");
    expect(trueUp("50", "0", 40)).toBe("50");
  });
});
