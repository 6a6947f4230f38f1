import { describe, expect, it } from "vitest";
import {
  invoiceFileName,
  invoiceLinesCsv,
  usageByDayCsv,
  type InvoiceDocument,
  type UsageDayRow,
} from "../src/index.ts";
import { draftInvoice, fixtureInvoice } from "./fixture-invoice.ts";

const BEYOND_2_53 = "18446744073709551616"; // 2^64: a float would print 18446744073709552000

function smallInvoice(): InvoiceDocument {
  return {
    ...fixtureInvoice(),
    lines: [
      {
        section: "usage",
        description: "gpt-4o · output tokens",
        modelId: "gpt-4o",
        tokenType: "output",
        quantity: BEYOND_2_53,
        unitPricePerMillion: "0.000125",
        amount: "2305.84",
        originPeriodStart: null,
        details: ["ignored in CSV"],
      },
      {
        section: "adjustments",
        description: 'Refund, "goodwill"\nsecond line',
        modelId: null,
        tokenType: null,
        quantity: null,
        unitPricePerMillion: null,
        amount: "-1.23",
        originPeriodStart: null,
        details: [],
      },
      {
        section: "late_usage",
        description: '=HYPERLINK("http://evil.example","click")',
        modelId: "@evil",
        tokenType: "input",
        quantity: "5",
        unitPricePerMillion: "2.50",
        amount: "0",
        originPeriodStart: new Date("2026-10-01T00:00:00Z"),
        details: [],
      },
    ],
  };
}

describe("invoiceLinesCsv", () => {
  it("writes the header and one CRLF record per line, exactly", () => {
    expect(invoiceLinesCsv(smallInvoice())).toBe(
      [
        "invoice_number,period_start,period_end,section,description,model_id,token_type,quantity,unit_price_per_million,amount,currency,origin_period_start",
        `TG-2026-000042,2026-11-01,2026-11-30,usage,gpt-4o · output tokens,gpt-4o,output,${BEYOND_2_53},0.000125,2305.84,USD,`,
        'TG-2026-000042,2026-11-01,2026-11-30,adjustments,"Refund, ""goodwill""\nsecond line",,,,,-1.23,USD,',
        `TG-2026-000042,2026-11-01,2026-11-30,late_usage,"'=HYPERLINK(""http://evil.example"",""click"")",'@evil,input,5,2.5,0.00,USD,2026-10-01`,
        "",
      ].join("\r\n"),
    );
  });

  it("leaves the invoice number empty for the upcoming draft and writes every fixture line", () => {
    const csv = invoiceLinesCsv(draftInvoice());
    const records = csv.split("\r\n");
    expect(records.at(-1)).toBe("");
    expect(records).toHaveLength(draftInvoice().lines.length + 2);
    expect(records[1]).toMatch(/^,2026-11-01,2026-11-30,usage,/);
  });

  it("refuses an amount that is not a decimal instead of writing it", () => {
    const doc = smallInvoice();
    doc.lines[0] = { ...doc.lines[0]!, amount: "=1+1" };
    expect(() => invoiceLinesCsv(doc)).toThrow();
  });
});

describe("CSV injection", () => {
  const row = (modelId: string, amount: string): UsageDayRow => ({
    day: new Date("2026-11-03T12:00:00Z"),
    modelId,
    eventCount: 1n,
    inputTokens: 0n,
    cachedInputTokens: 0n,
    cacheWriteTokens: 0n,
    outputTokens: 0n,
    reasoningTokens: 0n,
    amount,
  });
  const cells = (modelId: string, amount = "1"): [string, string] => {
    const record = usageByDayCsv([row(modelId, amount)], "USD").split("\r\n")[1]!;
    return [record.slice("2026-11-03,".length).split(",1,0,0,0,0,0,")[0]!, record.split(",").at(-2)!];
  };

  it.each([
    ["=1+2", "'=1+2"],
    ["+SUM(A1)", "'+SUM(A1)"],
    ["-2+3", "'-2+3"],
    ["@cmd", "'@cmd"],
    ["\tdata", "'\tdata"],
    ["\rdata", '"\'\rdata"'],
    ["gpt-4o", "gpt-4o"],
    ["a=b", "a=b"],
  ])("a text cell %j is written %j", (modelId, expected) => {
    expect(cells(modelId)[0]).toBe(expected);
  });

  it("keeps negative and tiny amounts as plain numbers", () => {
    expect(cells("m", "-1.23")[1]).toBe("-1.23");
    expect(cells("m", "-0.000000000000000000000000000001")[1]).toBe("-0.000000000000000000000000000001");
    expect(cells("m", "1e-7")[1]).toBe("0.0000001");
  });
});

describe("usageByDayCsv", () => {
  it("sorts by UTC day then model and keeps counts beyond 2^53 and amounts exact", () => {
    const base = { cachedInputTokens: 0n, cacheWriteTokens: 0n, reasoningTokens: 0n };
    const rows: UsageDayRow[] = [
      {
        ...base,
        day: new Date("2026-11-02T23:59:59Z"),
        modelId: "o3",
        eventCount: 2n,
        inputTokens: 10n,
        outputTokens: 20n,
        reasoningTokens: 7n,
        amount: "0.000123456789012345678901",
      },
      {
        ...base,
        day: new Date("2026-11-01T00:00:00Z"),
        modelId: "gpt-4o-mini",
        eventCount: 1n,
        inputTokens: 5n,
        outputTokens: 6n,
        amount: "3",
      },
      {
        ...base,
        day: new Date("2026-11-02T00:00:00Z"),
        modelId: "claude-sonnet-4",
        eventCount: 9_007_199_254_740_993n,
        inputTokens: 2n ** 64n,
        cacheWriteTokens: 1n,
        outputTokens: 0n,
        amount: "46116860184273.87904",
      },
      {
        ...base,
        day: new Date("2026-11-01T08:00:00Z"),
        modelId: "Z-upper",
        eventCount: 1n,
        inputTokens: 1n,
        outputTokens: 1n,
        amount: "0",
      },
    ];
    expect(usageByDayCsv(rows, "USD")).toBe(
      [
        "day,model_id,events,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens,reasoning_tokens,amount,currency",
        "2026-11-01,Z-upper,1,1,0,0,1,0,0,USD",
        "2026-11-01,gpt-4o-mini,1,5,0,0,6,0,3,USD",
        `2026-11-02,claude-sonnet-4,9007199254740993,${BEYOND_2_53},0,1,0,0,46116860184273.87904,USD`,
        "2026-11-02,o3,2,10,0,0,20,7,0.000123456789012345678901,USD",
        "",
      ].join("\r\n"),
    );
  });

  it("writes only the header for a period without usage", () => {
    expect(usageByDayCsv([], "EUR")).toBe(
      "day,model_id,events,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens,reasoning_tokens,amount,currency\r\n",
    );
  });
});

describe("invoiceFileName", () => {
  it("uses the number, or upcoming-<slug>-<month> for the draft, in a safe character set", () => {
    expect(invoiceFileName(fixtureInvoice(), "pdf")).toBe("TG-2026-000042.pdf");
    expect(invoiceFileName(draftInvoice(), "csv")).toBe("upcoming-acme-2026-11.csv");
    const odd = { ...draftInvoice(), tenant: { ...draftInvoice().tenant, slug: '../ac me/"x' } };
    expect(invoiceFileName(odd, "pdf")).toBe("upcoming-ac-me-x-2026-11.pdf");
  });
});
