import { describe, expect, it } from "vitest";
import { formatExactAmount, formatMoney, formatMoneyTick, formatTokens, formatTokensShort } from "../src/lib/format.ts";

describe("formatTokens", () => {
  it("groups digits exactly, beyond 2^53", () => {
    expect(formatTokens("0")).toBe("0");
    expect(formatTokens("1750000")).toBe("1,750,000");
    expect(formatTokens("123456789012345678901")).toBe("123,456,789,012,345,678,901");
    expect(formatTokens("-1000")).toBe("-1,000");
  });
});

describe("formatMoney", () => {
  it("rounds half-even to the currency's minor unit and groups", () => {
    expect(formatMoney("5", "USD")).toBe("$5.00");
    expect(formatMoney("0.125", "USD")).toBe("$0.12");
    expect(formatMoney("0.135", "USD")).toBe("$0.14");
    expect(formatMoney("1234567.005", "EUR")).toBe("€1,234,567.00");
    expect(formatMoney("1500", "JPY")).toBe("¥1,500");
    expect(formatMoney("-2.5", "USD")).toBe("-$2.50");
  });

  it("never loses precision on amounts a float cannot hold", () => {
    expect(formatMoney("90071992547409.935", "USD")).toBe("$90,071,992,547,409.94");
  });
});

describe("formatExactAmount and formatTokensShort", () => {
  it("shows full precision without exponent notation", () => {
    expect(formatExactAmount("0.000000125")).toBe("0.000000125");
    expect(formatExactAmount("5.000")).toBe("5");
  });

  it("shortens axis labels", () => {
    expect(formatTokensShort(950)).toBe("950");
    expect(formatTokensShort(1_250_000)).toBe("1.3M");
    expect(formatTokensShort(12_000_000)).toBe("12M");
    expect(formatTokensShort(3_000)).toBe("3k");
    expect(formatTokensShort(340_000_000_000)).toBe("340B");
  });
});

describe("formatMoneyTick", () => {
  it("puts the currency sign on chart axis ticks, whole amounts without decimals, large ones shortened", () => {
    expect(formatMoneyTick(0, "USD")).toBe("$0");
    expect(formatMoneyTick(8, "USD")).toBe("$8");
    expect(formatMoneyTick(2.5, "USD")).toBe("$2.50");
    expect(formatMoneyTick(1500, "EUR")).toBe("€1.5k");
    expect(formatMoneyTick(-20, "USD")).toBe("-$20");
  });
});
