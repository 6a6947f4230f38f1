import type { DbTx } from "@tollgate/db";
import { recordWebhookEvent } from "../webhooks/record-webhook-event.ts";
import type { CreditNoteView, InvoiceView } from "./invoice-view.ts";

type InvoiceEventType = "invoice.finalized" | "invoice.paid" | "invoice.voided";

/** An invoice as webhook data: identity, period, amounts and dates; the lines are one GET /v1/invoices/{id} away. */
function invoiceEventData(view: InvoiceView) {
  return {
    id: view.id,
    number: view.number,
    tenant_id: view.tenantId,
    status: view.status,
    currency: view.currency,
    period_start: view.periodStart,
    period_end: view.periodEnd,
    subtotal: view.subtotal,
    credits_applied: view.creditsApplied,
    tax: view.tax,
    total: view.total,
    amount_due: view.amountDue,
    issued_at: view.issuedAt,
    due_at: view.dueAt,
    paid_at: view.paidAt,
    voided_at: view.voidedAt,
    void_reason: view.voidReason,
    replaces_invoice_id: view.replacesInvoiceId,
    line_count: view.lines.length,
  };
}

/** Records the invoice's lifecycle event in the caller's transaction (once per invoice and type). */
export async function recordInvoiceEvent(tx: DbTx, type: InvoiceEventType, view: InvoiceView): Promise<void> {
  await recordWebhookEvent(tx, {
    tenantId: view.tenantId,
    type,
    dedupeKey: `${type}:${view.id ?? ""}`,
    payload: invoiceEventData(view),
  });
}

export async function recordCreditNoteEvent(tx: DbTx, note: CreditNoteView, invoice: InvoiceView): Promise<void> {
  await recordWebhookEvent(tx, {
    tenantId: invoice.tenantId,
    type: "credit_note.created",
    dedupeKey: `credit_note.created:${note.id}`,
    payload: {
      id: note.id,
      number: note.number,
      invoice_id: note.invoiceId,
      invoice_number: invoice.number,
      amount: note.amount,
      currency: note.currency,
      reason: note.reason,
      created_at: note.createdAt,
    },
  });
}
