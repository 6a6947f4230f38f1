import { describe, expect, it } from "vitest";
import { buildInvoiceDrafts, formatDocumentNumber, Money, type PeriodTotal } from "../src/index.ts";

const NOV = new Date("2026-11-01T00:00:00Z");
const DEC = new Date("2026-12-01T00:00:00Z");

function row(partial: Partial<PeriodTotal> & Pick<PeriodTotal, "kind" | "amount">): PeriodTotal {
  return {
    originPeriodStart: DEC,
    currency: "USD",
    modelId: "",
    tokenType: "",
    planVersionId: "",
    description: "usage",
    quantity: 0n,
    ...partial,
  };
}

describe("buildInvoiceDrafts", () => {
  const totals: PeriodTotal[] = [
    row({ kind: "usage_charge", modelId: "gpt-4o", tokenType: "output", quantity: 1_000_001n, amount: "10.00001" }),
    row({ kind: "usage_charge", modelId: "gpt-4o", tokenType: "input", quantity: 3_333_333n, amount: "8.3333325" }),
    row({ kind: "usage_charge", modelId: "gpt-4o", description: "request fees", quantity: 7n, amount: "0.0035" }),
    row({ kind: "usage_charge", modelId: "gpt-4o", description: "included allowance", amount: "-1.111111" }),
    row({
      kind: "commitment_true_up",
      planVersionId: "pv1",
      description: "minimum commitment true-up",
      amount: "2.005",
    }),
    row({
      kind: "usage_charge",
      originPeriodStart: NOV,
      modelId: "claude",
      tokenType: "output",
      quantity: 10n,
      amount: "0.000150",
    }),
    row({ kind: "credit_usage", description: "credit applied to usage", amount: "5.555555" }),
    row({ kind: "credit_grant", description: "paid credit grant", amount: "-100" }),
    row({ kind: "invoice_settlement", description: "paid", amount: "-50" }),
    row({
      kind: "usage_charge",
      currency: "EUR",
      modelId: "mistral",
      tokenType: "input",
      quantity: 1n,
      amount: "0.004",
    }),
  ];

  it("makes one draft per currency whose rounded lines add up to the total, tax included", () => {
    const drafts = buildInvoiceDrafts({ billedPeriodStart: DEC, totals, taxRate: new Money("0.2") });
    expect(drafts.map((d) => d.currency)).toEqual(["EUR", "USD"]);
    const usd = drafts[1]!;
    const sum = usd.lines.reduce((s, l) => s.plus(l.amount), new Money(0));
    expect(sum.toFixed()).toBe(usd.subtotal.plus(usd.creditsApplied).toFixed());
    expect(usd.total.toFixed()).toBe(usd.subtotal.plus(usd.creditsApplied).plus(usd.tax).toFixed());
    // Exact: 10.00001 + 8.3333325 + 0.0035 − 1.111111 + 2.005 + 0.00015 − 5.555555 = 13.6753965 → 13.68.
    expect(usd.subtotal.plus(usd.creditsApplied).toFixed(2)).toBe("13.68");
    expect(usd.tax.toFixed()).toBe("2.74");
    expect(usd.total.toFixed()).toBe("16.42");
    for (const line of usd.lines) expect(line.amount.decimalPlaces()).toBeLessThanOrEqual(2);
  });

  it("orders sections, labels late usage with its period and leaves grants and settlements off", () => {
    const [, usd] = buildInvoiceDrafts({ billedPeriodStart: DEC, totals, taxRate: new Money(0) });
    expect(usd!.lines.map((l) => [l.section, l.description])).toEqual([
      ["usage", "gpt-4o · input tokens"],
      ["usage", "gpt-4o · output tokens"],
      ["fees", "gpt-4o · request fees"],
      ["discounts", "gpt-4o · included allowance"],
      ["commitment", "Minimum commitment true-up"],
      ["late_usage", "claude · output tokens"],
      ["credits", "Credit applied"],
    ]);
    const late = usd!.lines.find((l) => l.section === "late_usage")!;
    expect(late.originPeriodStart).toEqual(NOV);
    expect(usd!.lines.find((l) => l.section === "credits")!.amount.toFixed()).toBe("-5.55");
  });

  it("gives token lines their exact average price per 1M tokens", () => {
    const [, usd] = buildInvoiceDrafts({ billedPeriodStart: DEC, totals, taxRate: new Money(0) });
    const input = usd!.lines.find((l) => l.tokenType === "input")!;
    expect(input.unitPricePerMillion!.toFixed()).toBe("2.5");
    expect(input.quantity).toBe(3_333_333n);
  });

  it("asks the caller for the rows under allowance and cap lines of the period only (not late ones)", () => {
    const asked: string[] = [];
    const drafts = buildInvoiceDrafts({
      billedPeriodStart: DEC,
      totals: [
        row({ kind: "usage_charge", modelId: "opus", tokenType: "output", planVersionId: "pv1", amount: "180" }),
        row({ kind: "usage_charge", modelId: "opus", planVersionId: "pv1", description: "spend cap", amount: "-40" }),
        row({
          kind: "usage_charge",
          originPeriodStart: NOV,
          modelId: "opus",
          planVersionId: "pv1",
          description: "spend cap",
          amount: "-1",
        }),
      ],
      taxRate: new Money(0),
      discountDetails: (line) => {
        asked.push(`${line.modelId} ${line.description} ${line.planVersionId}`);
        return ["spend cap $140.00 this period ($300.00 prorated: 14 of 30 days)"];
      },
    });
    expect(asked).toEqual(["opus spend cap pv1"]);
    expect(drafts[0]?.lines.map((l) => [l.section, l.details])).toEqual([
      ["usage", []],
      ["discounts", ["spend cap $140.00 this period ($300.00 prorated: 14 of 30 days)"]],
      ["late_usage", []],
    ]);
  });

  it("has no lines and a zero total for a period with nothing billable", () => {
    const drafts = buildInvoiceDrafts({
      billedPeriodStart: DEC,
      totals: [row({ kind: "credit_grant", amount: "-10" })],
      taxRate: new Money(0),
    });
    expect(drafts).toEqual([]);
  });
});

describe("formatDocumentNumber", () => {
  it("pads the sequence and marks credit notes", () => {
    expect(formatDocumentNumber("TG", "invoice", 2026, 42)).toBe("TG-2026-000042");
    expect(formatDocumentNumber("TG", "credit_note", 2027, 7)).toBe("TG-CN-2027-000007");
  });
});
