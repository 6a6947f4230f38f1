import { describe, expect, it } from "vitest";
import { currencySymbol, formatCount, formatMoney, formatUnitPrice } from "../src/money-format.ts";

describe("formatCount", () => {
  it("groups digits exactly, beyond 2^53", () => {
    expect(formatCount("0")).toBe("0");
    expect(formatCount(12345678n)).toBe("12,345,678");
    expect(formatCount("123456789012345678901")).toBe("123,456,789,012,345,678,901");
    expect(formatCount("-1000")).toBe("-1,000");
  });
});

describe("formatMoney", () => {
  it("rounds half-even, groups, and writes negatives as -$", () => {
    expect(formatMoney("1234567.005", "EUR")).toBe("€1,234,567.00");
    expect(formatMoney("-1234.5", "USD")).toBe("-$1,234.50");
    expect(formatMoney("1500", "JPY")).toBe("¥1,500");
  });

  it("falls back to the code for currencies Intl does not know, and takes a symbol override", () => {
    expect(currencySymbol("USDC")).toBe("USDC ");
    expect(formatMoney("1.5", "USDC")).toBe("USDC 1.500000");
    expect(formatMoney("-3", "INR", "INR ")).toBe("-INR 3.00");
  });
});

describe("formatUnitPrice", () => {
  it("keeps every decimal of an exact price, at least the minor unit", () => {
    expect(formatUnitPrice("2.5", "USD")).toBe("$2.50");
    expect(formatUnitPrice("0.075", "USD")).toBe("$0.075");
    expect(formatUnitPrice("1250.000125", "USD")).toBe("$1,250.000125");
    expect(formatUnitPrice("-0.1", "USD")).toBe("-$0.10");
    expect(formatUnitPrice("0.00000125", "USD")).toBe("$0.00000125");
  });

  it("shows an average price of many decimals to 6 after a ~", () => {
    expect(formatUnitPrice("8.333333333333333333333333333333", "USD")).toBe("~$8.333333");
    expect(formatUnitPrice("1.6666665", "USD")).toBe("$1.6666665");
  });
});
