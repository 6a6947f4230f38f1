import type { InvoiceLineSection } from "@tollgate/domain";

/**
 * The invoice as the documents see it: plain data, already computed and rounded by the invoice engine. The renderers
 * never read a database and never recompute amounts; they only present them. All amounts are decimal strings already
 * rounded to the currency's minor unit, and they add up (lines to subtotal, subtotal + credits + tax to total).
 */
export interface InvoiceDocument {
  issuer: { name: string; addressLines: string[]; email: string | null; taxId: string | null };
  /** null while the invoice is the live upcoming draft. */
  number: string | null;
  status: InvoiceDocumentStatus;
  tenant: { id: string; name: string; slug: string };
  /** ISO 4217, e.g. "USD". */
  currency: string;
  /** Inclusive. */
  periodStart: Date;
  /** Exclusive: the last day shown is periodEnd - 1 ms, in UTC. */
  periodEnd: Date;
  /** Finalization time. */
  issuedAt: Date | null;
  dueAt: Date | null;
  lines: InvoiceDocumentLine[];
  /** Σ charge lines (usage, fees, allowance/cap discounts, true-up, adjustments). */
  subtotal: string;
  /** ≤ 0 (shown as a negative amount). */
  creditsApplied: string;
  /** Decimal fraction, e.g. "0.2" for 20 %. */
  taxRate: string;
  tax: string;
  /** subtotal + creditsApplied + tax. */
  total: string;
  /** What is still owed: total less credit notes while finalized; the total of a draft; 0 once paid or void. */
  amountDue: string;
  voidReason: string | null;
  creditNotes: InvoiceDocumentCreditNote[];
  /** Free text shown under the totals, e.g. how late usage is treated. */
  notes: string[];
}

export type InvoiceDocumentStatus = "draft" | "finalized" | "paid" | "void";

export interface InvoiceDocumentCreditNote {
  number: string;
  amount: string;
  reason: string;
  createdAt: Date;
}

/** Where a line sits on the invoice: the engine's sections (packages/domain/src/invoicing). */
export type { InvoiceLineSection };

export interface InvoiceDocumentLine {
  section: InvoiceLineSection;
  /** e.g. "gpt-4o · output tokens". */
  description: string;
  modelId: string | null;
  /** input | cached_input | cache_write | output | reasoning. */
  tokenType: string | null;
  /** Integer text (tokens, or requests for fees); may exceed 2^53. */
  quantity: string | null;
  /** Exact decimal text, price per 1M tokens; null when not one price. */
  unitPricePerMillion: string | null;
  /** Rounded decimal string, may be negative. */
  amount: string;
  /** Late usage: the period the usage happened in (the line is billed on a later invoice). */
  originPeriodStart: Date | null;
  /** Optional breakdown text rows under the line, e.g. "0–1M tokens at $2.00 / 1M", "included allowance". */
  details: string[];
}
