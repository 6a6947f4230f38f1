import { money, roundToMinorUnit, sumMoney, toDecimalString } from "@tollgate/domain";
import type { InvoiceDocument, InvoiceDocumentLine } from "../src/index.ts";

const TOKEN_PRICES: [tokenType: string, label: string, pricePerMillion: string][] = [
  ["input", "input tokens", "2.5"],
  ["cached_input", "cached input tokens", "1.25"],
  ["cache_write", "cache write tokens", "3.125"],
  ["output", "output tokens", "10"],
  ["reasoning", "reasoning tokens", "0.075"],
];

export const FIXTURE_MODELS = [
  "gpt-4o",
  "gpt-4o-mini",
  "o3",
  "claude-sonnet-4",
  "claude-haiku-3.5",
  "gemini-2.5-pro",
  "mistral-large",
  "llama-3.3-70b",
  "deepseek-r1",
  "command-r-plus",
  "qwen-2.5-72b",
  // A model id far wider than its column: it must wrap, not overflow into the numbers.
  "ft:gpt-4o-2024-08-06:acme-industries-research-division:customer-support-assistant-v7:9KxQ2vZp",
];

const cents = (amount: string): string => roundToMinorUnit(money(amount), "USD").toFixed(2);

function usageLine(model: string, index: number, typeIndex: number): InvoiceDocumentLine {
  const [tokenType, label, price] = TOKEN_PRICES[typeIndex]!;
  const quantity = BigInt(1_234_567 * (index + 1) + 98_765 * (typeIndex + 1) * (index + 3));
  return {
    section: "usage",
    description: `${model} · ${label}`,
    modelId: model,
    tokenType,
    quantity: quantity.toString(),
    unitPricePerMillion: price,
    amount: cents(money(quantity).times(price).div(1_000_000).toString()),
    originPeriodStart: null,
    details: index === 0 && typeIndex === 3 ? ["0–1M tokens at $10.00 / 1M", "over 1M tokens at $10.00 / 1M"] : [],
  };
}

const other = (
  line: Partial<InvoiceDocumentLine> & Pick<InvoiceDocumentLine, "section" | "description" | "amount">,
) => ({
  modelId: null,
  tokenType: null,
  quantity: null,
  unitPricePerMillion: null,
  originPeriodStart: null,
  details: [],
  ...line,
});

/** 60 usage lines (12 models × 5 token types), fees, a commitment true-up, a late-usage line, credits; 20 % tax. */
export function fixtureInvoice(): InvoiceDocument {
  const usage = FIXTURE_MODELS.flatMap((model, index) =>
    TOKEN_PRICES.map((_, typeIndex) => usageLine(model, index, typeIndex)),
  );
  const charges: InvoiceDocumentLine[] = [
    ...usage,
    other({
      section: "fees",
      description: "Request fee · gpt-4o",
      quantity: "182340",
      amount: "18.23",
      details: ["$0.10 per 1,000 requests"],
    }),
    other({
      section: "commitment",
      description: "Minimum commitment true-up",
      amount: "0.00",
      details: ["commitment $500.00, usage above it"],
    }),
    other({
      section: "late_usage",
      description: "gpt-4o · output tokens (late)",
      modelId: "gpt-4o",
      tokenType: "output",
      quantity: "420000",
      unitPricePerMillion: "10",
      amount: "4.20",
      originPeriodStart: new Date("2026-10-01T00:00:00Z"),
      details: ["priced as rated on Oct 31, 2026"],
    }),
    other({ section: "adjustments", description: "Goodwill adjustment (ticket 4411)", amount: "-25.00" }),
  ];
  const credits: InvoiceDocumentLine[] = [
    other({ section: "credits", description: "Prepaid credit grant PROMO-2026", amount: "-150.00" }),
  ];
  const subtotal = sumMoney(charges.map((line) => money(line.amount)));
  const creditsApplied = sumMoney(credits.map((line) => money(line.amount)));
  const tax = roundToMinorUnit(subtotal.plus(creditsApplied).times("0.2"), "USD");
  return {
    issuer: {
      name: "Tollgate Billing Ltd",
      addressLines: ["12 Meter Street", "London EC1A 1BB", "United Kingdom"],
      email: "billing@tollgate.example",
      taxId: "GB 123 4567 89",
    },
    number: "TG-2026-000042",
    status: "finalized",
    tenant: { id: "3f1c9a52-7d4e-4b8a-9c1e-2a6b5d8e0f13", name: "Acme Industries", slug: "acme" },
    currency: "USD",
    periodStart: new Date("2026-11-01T00:00:00Z"),
    periodEnd: new Date("2026-12-01T00:00:00Z"),
    issuedAt: new Date("2026-12-02T00:05:00Z"),
    dueAt: new Date("2026-12-16T00:00:00Z"),
    lines: [...charges, ...credits],
    subtotal: subtotal.toFixed(2),
    creditsApplied: creditsApplied.toFixed(2),
    taxRate: "0.2",
    tax: tax.toFixed(2),
    total: toDecimalString(subtotal.plus(creditsApplied).plus(tax)),
    amountDue: toDecimalString(subtotal.plus(creditsApplied).plus(tax).minus("12.50")),
    voidReason: null,
    creditNotes: [
      {
        number: "CN-2026-000007",
        amount: "12.50",
        reason: "Outage on Nov 14 (SLA credit)",
        createdAt: new Date("2026-12-04T10:00:00Z"),
      },
    ],
    notes: [
      "Usage that arrives after this invoice is finalized is billed on the next invoice, labelled with its original period.",
      "Payment terms: 14 days. Please quote the invoice number with your payment.",
    ],
  };
}

export function draftInvoice(): InvoiceDocument {
  const invoice = fixtureInvoice();
  return {
    ...invoice,
    status: "draft",
    number: null,
    issuedAt: null,
    dueAt: null,
    creditNotes: [],
    amountDue: invoice.total,
  };
}

export function voidInvoice(): InvoiceDocument {
  return {
    ...fixtureInvoice(),
    status: "void",
    amountDue: "0",
    voidReason: "Issued with the wrong tax rate; replaced by TG-2026-000043",
  };
}
