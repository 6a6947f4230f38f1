import { toDecimalString, type InvoiceDraft } from "@tollgate/domain";
import type { DbTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { nextDocumentNumber } from "./document-numbers.ts";
import type { InvoiceIssuer } from "./invoice-issuer.ts";
import { INVOICE_INCLUDE, invoiceAuditRecord, invoiceView, type InvoiceView } from "./invoice-view.ts";

export interface InvoiceToWrite {
  tenantId: string;
  issuer: InvoiceIssuer;
  period: { start: Date; end: Date };
  draft: InvoiceDraft;
  issuedAt: Date;
  paymentTermsDays: number;
  replacesInvoiceId?: string;
  actor: string;
  reason?: string;
}

const DAY_MS = 86_400_000;

/**
 * Writes a finalized invoice: the row and its lines as a draft (the only state in which lines may be written), then
 * its number and `finalized` in one update; from then on the database refuses changes. Audited.
 */
export async function writeFinalizedInvoice(tx: DbTx, input: InvoiceToWrite): Promise<InvoiceView> {
  const { draft } = input;
  const invoice = await tx.invoice.create({
    data: {
      tenantId: input.tenantId,
      issuer: input.issuer.code,
      status: "draft",
      currency: draft.currency,
      periodStart: input.period.start,
      periodEnd: input.period.end,
      subtotal: toDecimalString(draft.subtotal),
      creditsApplied: toDecimalString(draft.creditsApplied),
      taxRate: toDecimalString(draft.taxRate),
      tax: toDecimalString(draft.tax),
      total: toDecimalString(draft.total),
      replacesInvoiceId: input.replacesInvoiceId ?? null,
    },
    select: { id: true },
  });
  await tx.invoiceLine.createMany({
    data: draft.lines.map((line, index) => ({
      invoiceId: invoice.id,
      position: index + 1,
      section: line.section,
      description: line.description,
      modelId: line.modelId,
      tokenType: line.tokenType,
      planVersionId: line.planVersionId,
      quantity: line.quantity,
      unitPricePerMillion: line.unitPricePerMillion === null ? null : toDecimalString(line.unitPricePerMillion),
      amount: toDecimalString(line.amount),
      exactAmount: toDecimalString(line.exactAmount),
      originPeriodStart: line.originPeriodStart,
      details: line.details,
    })),
  });
  const number = await nextDocumentNumber(tx, input.issuer.code, "invoice", input.issuedAt);
  const row = await tx.invoice.update({
    where: { id: invoice.id },
    data: {
      number,
      status: "finalized",
      issuedAt: input.issuedAt,
      dueAt: new Date(input.issuedAt.getTime() + input.paymentTermsDays * DAY_MS),
    },
    include: INVOICE_INCLUDE,
  });
  const view = invoiceView(row);
  await writeAuditLog(tx, {
    actor: input.actor,
    action: input.replacesInvoiceId ? "invoice.regenerate" : "invoice.finalize",
    tenantId: input.tenantId,
    targetType: "invoice",
    targetId: view.id ?? invoice.id,
    ...(input.reason === undefined ? {} : { reason: input.reason }),
    before: null,
    after: invoiceAuditRecord(view),
  });
  return view;
}
