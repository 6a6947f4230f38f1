import { money } from "@tollgate/domain";
import { describe, expect, it } from "vitest";
import { allocatedAmounts } from "../src/lib/allocated-amounts.ts";
import { formatPeriod, formatUtc, formatUtcDay, isUtcMidnight } from "../src/lib/dates.ts";
import { invoiceListSearch, overviewSearch, tenantSearch } from "../src/lib/search-params.ts";

describe("amounts shown in rows", () => {
  it("add up to the rounded total (the $76.59-of-rows against a $76.58 card bug)", () => {
    // Three rows each rounding up alone: 3 × 25.526666… = 76.58 exactly rounded, 76.59 row by row.
    const rows = ["25.526666666", "25.526666666", "25.526666668"];
    const shown = allocatedAmounts(rows, "USD");
    const sum = shown.reduce((total, amount) => total.plus(money(amount)), money(0n));
    expect(sum.toFixed(2)).toBe("76.58");
    expect(shown.every((amount) => money(amount).decimalPlaces() <= 2)).toBe(true);
  });
});

describe("dates", () => {
  it("shows a half-open UTC period as the days it covers", () => {
    expect(formatPeriod("2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z")).toBe("Nov 1 – Nov 30, 2026");
    expect(formatPeriod("2026-12-15T00:00:00.000Z", "2027-01-15T00:00:00.000Z")).toBe("Dec 15, 2026 – Jan 14, 2027");
    expect(formatUtc("2026-11-14T09:30:12.000Z")).toBe("2026-11-14 09:30 UTC");
  });
});

describe("search params from typed or shared URLs", () => {
  it("fall back to their default when malformed, instead of breaking the page", () => {
    expect(tenantSearch.parse({ tenant: "not-a-uuid" })).toEqual({ tenant: undefined });
    expect(overviewSearch.parse({ range: "forever" })).toEqual({ range: undefined });
    expect(overviewSearch.parse({ range: "7d" })).toEqual({ range: "7d" });
    expect(invoiceListSearch.parse({ status: "paid" })).toEqual({ status: "paid" });
    expect(invoiceListSearch.parse({ status: "draft" })).toEqual({ status: undefined });
  });
});

describe("billing dates", () => {
  it("are days when they fall on a UTC midnight, and instants otherwise", () => {
    expect(isUtcMidnight("2025-01-01T00:00:00.000Z")).toBe(true);
    expect(isUtcMidnight("2025-01-01T00:00:00.001Z")).toBe(false);
    expect(isUtcMidnight("2024-12-31T23:00:00.000Z")).toBe(false);
    expect(formatUtcDay("2025-01-01T00:00:00.000Z")).toBe("Jan 1, 2025 (UTC)");
  });
});
