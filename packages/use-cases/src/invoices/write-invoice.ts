import { toDecimalString, type InvoiceDraft } from "@tollgate/domain";
import type { DbTx } from "@tollgate/db";
import { nextDocumentNumber } from "./document-numbers.ts";
import { recordInvoiceEvent } from "./invoice-events.ts";
import { draftView } from "./draft-view.ts";
import type { InvoiceIssuer } from "./invoice-issuer.ts";
import { invoiceAuditRecord, type InvoiceView } from "./invoice-view.ts";

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
 * its number, `finalized` and the audit entry; from then on the database refuses changes. The number is taken
 * last, and finalizing plus auditing is one statement after it: the series' counter row stays locked from there to
 * the commit, and every close of the issuer queues on it, so that stretch is kept to one round trip.
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
  const dueAt = new Date(input.issuedAt.getTime() + input.paymentTermsDays * DAY_MS);
  const number = await nextDocumentNumber(tx, input.issuer.code, "invoice", input.issuedAt);
  const view: InvoiceView = {
    ...draftView(draft, {
      tenantId: input.tenantId,
      issuer: input.issuer.code,
      start: input.period.start,
      end: input.period.end,
    }),
    id: invoice.id,
    number,
    status: "finalized",
    issuedAt: input.issuedAt.toISOString(),
    dueAt: dueAt.toISOString(),
    replacesInvoiceId: input.replacesInvoiceId ?? null,
  };
  const action = input.replacesInvoiceId ? "invoice.regenerate" : "invoice.finalize";
  const finalized = await tx.$executeRaw`
    WITH finalized AS (
      UPDATE invoices SET number = ${number}, status = 'finalized', issued_at = ${input.issuedAt}, due_at = ${dueAt}
       WHERE id = ${invoice.id}::uuid
      RETURNING id)
    INSERT INTO audit_log (actor, action, tenant_id, target_type, target_id, reason, before, after)
    SELECT ${input.actor}, ${action}, ${input.tenantId}::uuid, 'invoice', id::text, ${input.reason ?? ""}, NULL,
           ${JSON.stringify(invoiceAuditRecord(view))}::jsonb
      FROM finalized`;
  if (finalized !== 1) throw new Error(`invoice ${invoice.id} was not finalized`);
  await recordInvoiceEvent(tx, "invoice.finalized", view);
  return view;
}
