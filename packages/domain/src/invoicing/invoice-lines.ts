import { allocateRoundedLines } from "../pricing/allocate-rounding.ts";
import { LEDGER_DECIMALS, Money, money, roundToMinorUnit, sumMoney } from "../money.ts";
import { isTokenType, TOKEN_TYPES, type TokenType } from "../token-types.ts";

/** One row of a billing period's ledger totals (ledger_period_totals): the ledger summed by what an invoice shows. */
export interface PeriodTotal {
  /** The billing period the entries happened in; earlier than the billed period for late usage. */
  originPeriodStart: Date;
  kind: string;
  currency: string;
  /** '' when none. */
  modelId: string;
  tokenType: string;
  planVersionId: string;
  description: string;
  quantity: bigint;
  /** Exact decimal text. */
  amount: string;
}

/** Where a line sits on the invoice. */
export type InvoiceLineSection =
  "usage" | "fees" | "discounts" | "commitment" | "adjustments" | "late_usage" | "credits";

export const INVOICE_LINE_SECTIONS: readonly InvoiceLineSection[] = [
  "usage",
  "fees",
  "discounts",
  "commitment",
  "adjustments",
  "late_usage",
  "credits",
];

export interface InvoiceLineDraft {
  section: InvoiceLineSection;
  description: string;
  modelId: string | null;
  tokenType: TokenType | null;
  planVersionId: string | null;
  quantity: bigint | null;
  /** Exact average price per 1M tokens (amount / quantity × 1M) for token lines; null otherwise. */
  unitPricePerMillion: Money | null;
  /** Rounded to the minor unit so that all lines add up to the invoice's total before tax. */
  amount: Money;
  /** The exact sum of the ledger entries behind the line. */
  exactAmount: Money;
  originPeriodStart: Date | null;
  details: string[];
}

export interface InvoiceDraft {
  currency: string;
  lines: InvoiceLineDraft[];
  /** Σ charge lines (every section but credits). */
  subtotal: Money;
  /** Σ credit lines, ≤ 0. */
  creditsApplied: Money;
  taxRate: Money;
  tax: Money;
  /** subtotal + creditsApplied + tax. */
  total: Money;
}

/** Ledger kinds an invoice bills; grants, expiries and settlements move credit or cash, not what is owed. */
export const INVOICE_CHARGE_KINDS: readonly string[] = ["usage_charge", "commitment_true_up", "adjustment"];
/** The ledger kind an invoice subtracts: credit taken from grants (positive in the ledger). */
export const INVOICE_CREDIT_KIND = "credit_usage";
const CHARGE_KINDS = new Set(INVOICE_CHARGE_KINDS);
const CREDIT_KIND = INVOICE_CREDIT_KIND;
const TOKEN_ORDER: readonly string[] = TOKEN_TYPES;
const TOKEN_LABELS: Record<string, string> = {
  input: "input tokens",
  cached_input: "cached input tokens",
  cache_write: "cache write tokens",
  output: "output tokens",
  reasoning: "reasoning tokens",
};
const SECTION_ORDER = new Map(INVOICE_LINE_SECTIONS.map((section, index) => [section, index]));
const MILLION = new Money(1_000_000);

/** What the invoice of one billing period owes, per currency, from the period's ledger totals. */
export interface InvoiceDraftInput {
  billedPeriodStart: Date;
  totals: readonly PeriodTotal[];
  /** Tax as a fraction (0.2 = 20 %), applied to the total after credits. */
  taxRate: Money;
  /** Labels for plan versions, e.g. "Pro v3", shown under their lines. */
  planVersionLabels?: ReadonlyMap<string, string>;
  /** More breakdown rows for a usage line (tiers, allowances), given by the caller from the period's counters. */
  usageDetails?: (line: { modelId: string; tokenType: TokenType; planVersionId: string }) => string[];
  /** More rows for an allowance or cap line of the period (its terms, prorated in a short period), from the caller. */
  discountDetails?: (line: { modelId: string; description: string; planVersionId: string }) => string[];
}

/**
 * Builds one invoice draft per currency: a line per (model, token type, plan version) for usage, then fees,
 * allowance and cap discounts, the commitment true-up, manual adjustments, usage from finalized periods (late
 * usage, labelled with its period) and credits applied. Lines are rounded with allocateRoundedLines so they add up
 * exactly to the rounded total before tax; tax is that total × the rate, rounded half-even.
 */
export function buildInvoiceDrafts(input: InvoiceDraftInput): InvoiceDraft[] {
  const byCurrency = new Map<string, PeriodTotal[]>();
  for (const row of input.totals) {
    if (!CHARGE_KINDS.has(row.kind) && row.kind !== CREDIT_KIND) continue;
    const rows = byCurrency.get(row.currency) ?? [];
    rows.push(row);
    byCurrency.set(row.currency, rows);
  }
  return [...byCurrency.keys()].sort().map((currency) => draftFor(currency, byCurrency.get(currency) ?? [], input));
}

function draftFor(currency: string, rows: readonly PeriodTotal[], input: InvoiceDraftInput): InvoiceDraft {
  const unrounded = mergeLines(rows, input)
    .filter((line) => !line.exactAmount.isZero() || (line.quantity ?? 0n) !== 0n)
    .sort(compareLines);
  const rounded = allocateRoundedLines(
    unrounded.map((line) => line.exactAmount),
    currency,
  );
  const lines = unrounded.map((line, index) => ({ ...line, amount: rounded[index] ?? new Money(0) }));
  const subtotal = sumMoney(lines.filter((l) => l.section !== "credits").map((l) => l.amount));
  const creditsApplied = sumMoney(lines.filter((l) => l.section === "credits").map((l) => l.amount));
  const tax = roundToMinorUnit(subtotal.plus(creditsApplied).times(input.taxRate), currency);
  return {
    currency,
    lines,
    subtotal,
    creditsApplied,
    taxRate: input.taxRate,
    tax,
    total: subtotal.plus(creditsApplied).plus(tax),
  };
}

/** Rows that print as the same line (the description only splits credits per grant) are summed. */
function mergeLines(rows: readonly PeriodTotal[], input: InvoiceDraftInput): InvoiceLineDraft[] {
  const lines = new Map<string, InvoiceLineDraft>();
  for (const row of rows) {
    const late = row.originPeriodStart.getTime() !== input.billedPeriodStart.getTime();
    const section = sectionOf(row, late);
    const credit = row.kind === CREDIT_KIND;
    const tokenType = isTokenType(row.tokenType) ? row.tokenType : null;
    const key = [section, row.originPeriodStart.toISOString(), row.kind, row.modelId, row.tokenType]
      .concat(credit ? [] : [row.planVersionId, row.description])
      .join("|");
    // credit_usage entries carry the positive amount taken from a grant; on the invoice they reduce what is owed.
    const amount = credit ? money(row.amount).negated() : money(row.amount);
    const existing = lines.get(key);
    if (existing) {
      existing.exactAmount = existing.exactAmount.plus(amount);
      if (existing.quantity !== null) existing.quantity += row.quantity;
      continue;
    }
    lines.set(key, {
      section,
      description: describe(row),
      modelId: row.modelId === "" ? null : row.modelId,
      tokenType,
      planVersionId: row.planVersionId === "" ? null : row.planVersionId,
      quantity: credit || row.kind === "commitment_true_up" ? null : row.quantity,
      unitPricePerMillion: null,
      amount: new Money(0),
      exactAmount: amount,
      originPeriodStart: late ? row.originPeriodStart : null,
      details: [
        ...detailsOf(row, input.planVersionLabels),
        ...(tokenType !== null && section === "usage" && input.usageDetails
          ? input.usageDetails({ modelId: row.modelId, tokenType, planVersionId: row.planVersionId })
          : []),
        ...(section === "discounts" && input.discountDetails
          ? input.discountDetails({
              modelId: row.modelId,
              description: row.description,
              planVersionId: row.planVersionId,
            })
          : []),
      ],
    });
  }
  for (const line of lines.values()) {
    if (line.tokenType !== null && line.quantity !== null && line.quantity > 0n) {
      // At the ledger's 30 decimals, as stored: the live draft shows what the finalized invoice will hold.
      line.unitPricePerMillion = line.exactAmount
        .times(MILLION)
        .dividedBy(line.quantity.toString())
        .toDecimalPlaces(LEDGER_DECIMALS, Money.ROUND_HALF_EVEN);
    }
  }
  return [...lines.values()];
}

function sectionOf(row: PeriodTotal, late: boolean): InvoiceLineSection {
  if (row.kind === CREDIT_KIND) return "credits";
  if (late) return "late_usage";
  if (row.kind === "commitment_true_up") return "commitment";
  if (row.kind === "adjustment") return "adjustments";
  if (row.tokenType !== "") return "usage";
  return row.description === "request fees" ? "fees" : "discounts";
}

/** What the line bills; a late line's period is its originPeriodStart (documents print "usage from Oct 2026"). */
function describe(row: PeriodTotal): string {
  if (row.kind === CREDIT_KIND) return "Credit applied";
  if (row.kind === "commitment_true_up") return "Minimum commitment true-up";
  if (row.kind === "adjustment") return `Adjustment: ${row.description}`;
  return `${row.modelId} · ${TOKEN_LABELS[row.tokenType] ?? row.description}`;
}

function detailsOf(row: PeriodTotal, labels: ReadonlyMap<string, string> | undefined): string[] {
  const label = row.planVersionId === "" ? undefined : labels?.get(row.planVersionId);
  return label ? [`plan ${label}`] : [];
}

function compareLines(a: InvoiceLineDraft, b: InvoiceLineDraft): number {
  return (
    (SECTION_ORDER.get(a.section) ?? 0) - (SECTION_ORDER.get(b.section) ?? 0) ||
    (a.originPeriodStart?.getTime() ?? 0) - (b.originPeriodStart?.getTime() ?? 0) ||
    compareText(a.modelId ?? "", b.modelId ?? "") ||
    TOKEN_ORDER.indexOf(a.tokenType ?? "") - TOKEN_ORDER.indexOf(b.tokenType ?? "") ||
    compareText(a.planVersionId ?? "", b.planVersionId ?? "") ||
    compareText(a.description, b.description)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
