import { toDecimalString, type InvoiceDraft } from "@tollgate/domain";
import type { DbTx } from "@tollgate/db";
import { nextDocumentNumber } from "./document-numbers.ts";
import { recordInvoiceEvent } from "./invoice-events.ts";
import { recordInvoicePayment } from "./mark-invoice-paid.ts";
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
 * its number, `finalized` and the audit entry; from then on the database refuses changes (an invoice with nothing
 * due is then paid at once). The number is taken last, and finalizing plus auditing is one statement after it: the
 * series' counter row stays locked from there to the commit, and every close of the issuer queues on it, so that
 * stretch is kept to one round trip.
 */
export async function writeFinalizedInvoice(tx: DbTx, input: InvoiceToWrite): Promise<InvoiceView> {
  const { draft } = input;
  // Raw SQL, one statement for the row and one for all lines: closes run this for every tenant at once.
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO invoices (id, tenant_id, issuer, status, currency, period_start, period_end, subtotal,
      credits_applied, tax_rate, tax, total, replaces_invoice_id)
    VALUES (gen_random_uuid(), ${input.tenantId}::uuid, ${input.issuer.code}, 'draft', ${draft.currency},
      ${input.period.start}, ${input.period.end}, ${toDecimalString(draft.subtotal)}::numeric,
      ${toDecimalString(draft.creditsApplied)}::numeric, ${toDecimalString(draft.taxRate)}::numeric,
      ${toDecimalString(draft.tax)}::numeric, ${toDecimalString(draft.total)}::numeric,
      ${input.replacesInvoiceId ?? null}::uuid)
    RETURNING id::text AS id`;
  const invoice = { id: inserted[0]?.id ?? "" };
  const lines = draft.lines;
  await tx.$executeRaw`
    INSERT INTO invoice_lines (id, invoice_id, position, section, description, model_id, token_type,
      plan_version_id, quantity, unit_price_per_million, amount, exact_amount, origin_period_start, details)
    SELECT gen_random_uuid(), ${invoice.id}::uuid, l.position, l.section, l.description, l.model_id,
           l.token_type::token_type, l.plan_version_id::uuid, l.quantity, l.unit_price, l.amount, l.exact_amount,
           l.origin, ARRAY(SELECT jsonb_array_elements_text(l.details))
      FROM unnest(${lines.map((_, index) => index + 1)}::int[], ${lines.map((l) => l.section)}::text[],
                  ${lines.map((l) => l.description)}::text[], ${lines.map((l) => l.modelId)}::text[],
                  ${lines.map((l) => l.tokenType)}::text[], ${lines.map((l) => l.planVersionId)}::text[],
                  ${lines.map((l) => (l.quantity === null ? null : l.quantity.toString()))}::bigint[],
                  ${lines.map((l) => (l.unitPricePerMillion === null ? null : toDecimalString(l.unitPricePerMillion)))}::numeric[],
                  ${lines.map((l) => toDecimalString(l.amount))}::numeric[],
                  ${lines.map((l) => toDecimalString(l.exactAmount))}::numeric[],
                  ${lines.map((l) => l.originPeriodStart)}::timestamptz[],
                  ${lines.map((l) => JSON.stringify(l.details))}::jsonb[])
        AS l(position, section, description, model_id, token_type, plan_version_id, quantity, unit_price, amount,
             exact_amount, origin, details)`;
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
  // As Stripe does: an invoice with nothing to pay (e.g. all covered by credit) is paid when it is finalized, so
  // nobody is asked to collect or void it. Rare, so the extra statements cost a close almost nothing.
  if (draft.total.isZero()) {
    return recordInvoicePayment(tx, view, { paidAt: input.issuedAt, reference: null, actor: input.actor });
  }
  return view;
}
