import { describe, expect, it } from "vitest";
import { spendGrowth } from "../src/index.ts";

describe("spendGrowth", () => {
  it("is the exact ratio of the change to the previous amount", () => {
    expect(spendGrowth("125", "100")).toBe("0.25");
    expect(spendGrowth("50", "100")).toBe("-0.5");
    expect(spendGrowth("0", "100")).toBe("-1");
    expect(spendGrowth("100.000000000000000000000000000001", "100")).toBe("0");
  });

  it("rounds half-even to six places", () => {
    expect(spendGrowth("4", "3")).toBe("0.333333");
    expect(spendGrowth("1.0000005", "1")).toBe("0");
    expect(spendGrowth("1.0000015", "1")).toBe("0.000002");
  });

  it("is null when there was nothing before", () => {
    expect(spendGrowth("12", "0")).toBeNull();
    expect(spendGrowth("0", "0.000")).toBeNull();
  });
});
