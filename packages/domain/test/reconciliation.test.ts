import { describe, expect, it } from "vitest";
import { driftBetween, invoiceDrifts, recentBillingPeriods } from "../src/index.ts";

describe("driftBetween", () => {
  it("is null for equal decimals however written, and exact to the 30th decimal otherwise", () => {
    expect(driftBetween("1.50", "1.5")).toBeNull();
    expect(driftBetween("0", "-0")).toBeNull();
    expect(driftBetween("1", "1.000000000000000000000000000001")).toEqual({
      expected: "1",
      actual: "1.000000000000000000000000000001",
      difference: "0.000000000000000000000000000001",
    });
  });
});

describe("invoiceDrifts", () => {
  const consistent = {
    subtotal: "10.00",
    creditsApplied: "-2.00",
    tax: "1.60",
    total: "9.60",
    linesExact: "7.999999",
    linesRounded: "8.00",
  };

  it("finds nothing when the lines bill the ledger and the header adds up", () => {
    expect(invoiceDrifts(consistent, "7.999999")).toEqual([]);
  });

  it("names each comparison that fails", () => {
    expect(invoiceDrifts({ ...consistent, linesRounded: "8.01", total: "9.59" }, "8")).toEqual([
      expect.objectContaining({ expected: "8", actual: "7.999999", difference: "-0.000001" }),
      expect.objectContaining({
        expected: "8",
        actual: "8.01",
        detail: "Σ lines.amount vs subtotal + credits_applied",
      }),
      expect.objectContaining({ expected: "9.6", actual: "9.59", difference: "-0.01" }),
    ]);
  });
});

describe("recentBillingPeriods", () => {
  it("is the current month and the previous ones, oldest first, across a year end", () => {
    expect(
      recentBillingPeriods(new Date("2027-01-15T10:00:00Z"), 2).map((p) => [
        p.start.toISOString(),
        p.end.toISOString(),
      ]),
    ).toEqual([
      ["2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"],
      ["2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
      ["2027-01-01T00:00:00.000Z", "2027-02-01T00:00:00.000Z"],
    ]);
  });
});
