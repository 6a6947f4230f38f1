import { describe, expect, it } from "vitest";
import { dailyUsageCsv, exploreGroupsCsv, modelUsageCsv } from "../src/lib/usage-csv.ts";

const tokens = { input: "1500000", cached_input: "0", cache_write: "0", output: "250000", reasoning: "0" };
const totals = { eventCount: "1", unratedCount: "0", tokens, totalTokens: "1750000", amount: "5.000000001" };

describe("usage CSV", () => {
  it("writes a header and one row per day with full-precision amounts", () => {
    expect(dailyUsageCsv([{ day: "2026-11-24", ...totals }], "USD")).toBe(
      "day,events,unrated_events,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens,reasoning_tokens,total_tokens,amount,currency\r\n" +
        "2026-11-24,1,0,1500000,0,0,250000,0,1750000,5.000000001,USD\r\n",
    );
  });

  it("quotes model ids that need it (RFC 4180)", () => {
    const csv = modelUsageCsv([{ modelId: 'odd,"model"', ...totals }], "EUR");
    expect(csv.split("\r\n")[1]).toBe('"odd,""model""",1,0,1500000,0,0,250000,0,1750000,5.000000001,EUR');
  });
});

describe("usage explorer CSV", () => {
  const totals = (input: string, rounded: string | null) => ({
    tokens: { input, cached_input: "0", cache_write: "0", output: "10", reasoning: "0" },
    total_tokens: (BigInt(input) + 10n).toString(),
    amount: rounded,
    rounded_amount: rounded,
    event_count: "1",
    unrated_event_count: "0",
  });

  it("writes the groups as shown, quoted per RFC 4180, then the total row", () => {
    const csv = exploreGroupsCsv(
      "customer",
      [
        { label: 'Acme, "Inc"', totals: totals("100", "0.34") },
        { label: "line\nbreak", totals: totals("5", null) },
      ],
      totals("105", "0.34"),
      "USD",
    );
    expect(csv).toBe(
      "customer,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens,reasoning_tokens,total_tokens,amount,currency\r\n" +
        '"Acme, ""Inc""",100,0,0,10,0,110,0.34,USD\r\n' +
        '"line\nbreak",5,0,0,10,0,15,,USD\r\n' +
        "Total,105,0,0,10,0,115,0.34,USD\r\n",
    );
  });
});
