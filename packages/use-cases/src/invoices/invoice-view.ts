import { AppError, money, sumMoney, type InvoiceLineSection, type TokenType } from "@tollgate/domain";
import type { DbOrTx, InvoiceStatus, Prisma } from "@tollgate/db";
import { decimalText, isoOrNull } from "../shared/change-context.ts";

export interface InvoiceLineView {
  position: number;
  section: InvoiceLineSection;
  description: string;
  modelId: string | null;
  tokenType: TokenType | null;
  planVersionId: string | null;
  /** Integer text (tokens or requests). */
  quantity: string | null;
  unitPricePerMillion: string | null;
  /** Rounded to the minor unit. */
  amount: string;
  exactAmount: string;
  originPeriodStart: string | null;
  details: string[];
}

export interface CreditNoteView {
  id: string;
  number: string;
  invoiceId: string;
  amount: string;
  currency: string;
  reason: string;
  createdAt: string;
}

/** An invoice as every reader sees it; amounts are decimal strings rounded to the currency's minor unit. */
export interface InvoiceView {
  /** null for the upcoming (live draft) invoice. */
  id: string | null;
  tenantId: string;
  number: string | null;
  issuer: string;
  status: InvoiceStatus;
  currency: string;
  periodStart: string;
  periodEnd: string;
  subtotal: string;
  creditsApplied: string;
  taxRate: string;
  tax: string;
  total: string;
  /** total less credit notes; 0 once paid or void. */
  amountDue: string;
  issuedAt: string | null;
  dueAt: string | null;
  paidAt: string | null;
  paymentReference: string | null;
  voidedAt: string | null;
  voidReason: string | null;
  replacesInvoiceId: string | null;
  lines: InvoiceLineView[];
  creditNotes: CreditNoteView[];
}

export const INVOICE_INCLUDE = {
  lines: { orderBy: { position: "asc" } },
  creditNotes: { orderBy: { createdAt: "asc" } },
} satisfies Prisma.InvoiceInclude;

type InvoiceRow = Prisma.InvoiceGetPayload<{ include: typeof INVOICE_INCLUDE }>;

export function invoiceView(row: InvoiceRow): InvoiceView {
  const credited = sumMoney(row.creditNotes.map((note) => money(note.amount.toFixed())));
  const open = row.status === "finalized" || row.status === "draft";
  return {
    id: row.id,
    tenantId: row.tenantId,
    number: row.number,
    issuer: row.issuer,
    status: row.status,
    currency: row.currency.trim(),
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    subtotal: row.subtotal.toFixed(),
    creditsApplied: row.creditsApplied.toFixed(),
    taxRate: decimalText(row.taxRate),
    tax: row.tax.toFixed(),
    total: row.total.toFixed(),
    amountDue: open ? money(row.total.toFixed()).minus(credited).toFixed() : "0",
    issuedAt: isoOrNull(row.issuedAt),
    dueAt: isoOrNull(row.dueAt),
    paidAt: isoOrNull(row.paidAt),
    paymentReference: row.paymentReference,
    voidedAt: isoOrNull(row.voidedAt),
    voidReason: row.voidReason,
    replacesInvoiceId: row.replacesInvoiceId,
    lines: row.lines.map((line) => ({
      position: line.position,
      section: line.section as InvoiceLineSection,
      description: line.description,
      modelId: line.modelId,
      tokenType: line.tokenType,
      planVersionId: line.planVersionId,
      quantity: line.quantity === null ? null : line.quantity.toString(),
      unitPricePerMillion: line.unitPricePerMillion === null ? null : decimalText(line.unitPricePerMillion),
      amount: line.amount.toFixed(),
      exactAmount: decimalText(line.exactAmount),
      originPeriodStart: isoOrNull(line.originPeriodStart),
      details: line.details,
    })),
    creditNotes: row.creditNotes.map(creditNoteView),
  };
}

export function creditNoteView(note: {
  id: string;
  number: string;
  invoiceId: string;
  amount: Prisma.Decimal;
  currency: string;
  reason: string;
  createdAt: Date;
}): CreditNoteView {
  return {
    id: note.id,
    number: note.number,
    invoiceId: note.invoiceId,
    amount: note.amount.toFixed(),
    currency: note.currency.trim(),
    reason: note.reason,
    createdAt: note.createdAt.toISOString(),
  };
}

/** The invoice, `not_found` when it does not exist or (given a tenant) belongs to another tenant. */
export async function loadInvoice(db: DbOrTx, invoiceId: string, tenantId?: string): Promise<InvoiceView> {
  const row = await db.invoice.findUnique({ where: { id: invoiceId }, include: INVOICE_INCLUDE });
  if (!row || (tenantId !== undefined && row.tenantId !== tenantId)) {
    throw new AppError("not_found", `no invoice ${invoiceId}`);
  }
  return invoiceView(row);
}

/** What the audit log keeps of an invoice: its identity and amounts, not its lines. */
export function invoiceAuditRecord(view: InvoiceView) {
  const { lines, creditNotes, ...rest } = view;
  return { ...rest, lineCount: lines.length, creditNoteCount: creditNotes.length };
}
