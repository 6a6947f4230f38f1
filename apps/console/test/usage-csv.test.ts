import { money } from "@tollgate/domain";
import { describe, expect, it } from "vitest";
import { dailyUsageCsv, exploreGroupsCsv, exploreSeriesCsv, modelUsageCsv } from "../src/lib/usage-csv.ts";

/** A CSV's data lines as fields (no quoted commas in these tests). */
function fields(csv: string): string[][] {
  return csv
    .trimEnd()
    .split("\r\n")
    .slice(1)
    .map((line) => line.split(","));
}

/** The sum of one column of lines, exactly. */
function columnSum(lines: string[][], column: number): string {
  return lines.reduce((sum, line) => sum.plus(line[column] ?? "NaN"), money("0")).toFixed(2);
}

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
    expect(csv.split("\r\n")[1]).toBe('"odd,""model""",1,0,1500000,0,0,250000,0,1750000,5.00,5.000000001,EUR');
  });

  it("by model: amount is the rounded one the table shows (adding up to the total), the exact one labelled", () => {
    // Three thirds of a cent each: rounded one by one they would be 0.00 × 3, against a total of 0.01.
    const third = { ...totals, amount: "0.0033333" };
    const csv = modelUsageCsv(
      [
        { ...third, modelId: "a" },
        { ...third, modelId: "b", amount: "0.0034" },
        { ...third, modelId: "c" },
      ],
      "USD",
    );
    expect(csv.split("\r\n")[0]).toBe(
      "model,events,unrated_events,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens,reasoning_tokens,total_tokens,amount,amount_unrounded,currency",
    );
    const lines = fields(csv);
    expect(lines.map((line) => [line[0], line[9], line[10]])).toEqual([
      ["a", "0.00", "0.0033333"],
      ["b", "0.01", "0.0034"],
      ["c", "0.00", "0.0033333"],
    ]);
    expect(columnSum(lines, 9)).toBe("0.01");
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

describe("usage explorer CSV as displayed", () => {
  const totals = (input: string, amount: string, rounded: string) => ({
    tokens: { input, cached_input: "0", cache_write: "0", output: "0", reasoning: "0" },
    total_tokens: input,
    amount,
    rounded_amount: rounded,
    event_count: "1",
    unrated_event_count: "0",
  });
  // The api's order: costliest first, "Other" last; rounded amounts allocated so they add up to the total's (1.00).
  const groups = [
    { label: "zeta", totals: totals("10", "0.335", "0.34") },
    { label: "Alpha", totals: totals("300", "0.335", "0.33") },
    { label: "beta", totals: totals("20", "0.33", "0.33") },
  ];
  // The api writes amounts without trailing zeros; the CSV as the table shows them ($1.00).
  const total = totals("330", "1", "1");

  it("follows the table's sort, ties in the api's order, and its lines add up to the total row", () => {
    const unsorted = fields(exploreGroupsCsv("model", groups, total, "USD"));
    expect(unsorted.map((line) => line[0])).toEqual(["zeta", "Alpha", "beta", "Total"]);
    const byName = fields(exploreGroupsCsv("model", groups, total, "USD", [{ id: "label", desc: false }]));
    expect(byName.map((line) => line[0])).toEqual(["Alpha", "beta", "zeta", "Total"]);
    // Tokens compared as numbers, not text ("300" > "20" > "10").
    const byInput = fields(exploreGroupsCsv("model", groups, total, "USD", [{ id: "input", desc: true }]));
    expect(byInput.map((line) => line[0])).toEqual(["Alpha", "beta", "zeta", "Total"]);
    // Amount ascending: Alpha and beta tie at 0.33 and keep the api's order.
    const byAmount = fields(exploreGroupsCsv("model", groups, total, "USD", [{ id: "amount", desc: false }]));
    expect(byAmount.map((line) => [line[0], line[7]])).toEqual([
      ["Alpha", "0.33"],
      ["beta", "0.33"],
      ["zeta", "0.34"],
      ["Total", "1.00"],
    ]);
    expect(columnSum(byAmount.slice(0, -1), 7)).toBe("1.00");
  });

  it("chart data: a row per bucket and group, amounts adding up to each group's amount shown and to the total", () => {
    const point = (input: string, amount: string) => ({
      tokens: { input, cached_input: "0", cache_write: "7", output: "0", reasoning: "0" },
      total_tokens: (BigInt(input) + 7n).toString(),
      amount,
    });
    // zeta's exact buckets round to 0.00 + 0.00 + 0.33 = 0.33, but its amount in the table is 0.34.
    const exploration = {
      currency: "USD",
      buckets: [
        { start: "2026-11-01T00:00:00.000Z", label: "2026-11-01" },
        { start: "2026-11-02T00:00:00.000Z", label: "2026-11-02" },
        { start: "2026-11-03T00:00:00.000Z", label: "2026-11-03" },
      ],
      groups: [
        {
          ...groups[0]!,
          key: "zeta",
          kind: "value" as const,
          points: [point("1", "0.004"), point("2", "0.004"), point("7", "0.327")],
        },
        {
          ...groups[1]!,
          key: "Alpha",
          kind: "value" as const,
          points: [point("100", "0.1"), point("100", "0.1"), point("100", "0.135")],
        },
        {
          ...groups[2]!,
          key: "beta",
          kind: "value" as const,
          points: [point("0", "0"), point("0", "0"), point("20", "0.33")],
        },
      ],
    };
    const csv = exploreSeriesCsv("model", exploration);
    expect(csv.split("\r\n")[0]).toBe(
      "bucket,bucket_start,model,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens,reasoning_tokens,total_tokens,amount,currency",
    );
    const lines = fields(csv);
    expect(lines).toHaveLength(9);
    expect(lines[0]).toEqual([
      "2026-11-01",
      "2026-11-01T00:00:00.000Z",
      "zeta",
      "1",
      "0",
      "7",
      "0",
      "0",
      "8",
      "0.01",
      "USD",
    ]);
    for (const group of exploration.groups) {
      const own = lines.filter((line) => line[2] === group.label);
      expect(own.map((line) => line[0])).toEqual(["2026-11-01", "2026-11-02", "2026-11-03"]);
      expect(columnSum(own, 9)).toBe(group.totals.rounded_amount);
    }
    expect(columnSum(lines, 9)).toBe("1.00");
  });
});
