// The REST API's snake_case shapes of invoices, their lines and credit notes.
import type { CreditNoteView, InvoiceIssuer, InvoiceView, UpcomingInvoice } from "@tollgate/use-cases/invoices";

export function invoiceJson(view: InvoiceView) {
  return {
    id: view.id,
    tenant_id: view.tenantId,
    number: view.number,
    issuer: view.issuer,
    status: view.status,
    currency: view.currency,
    period_start: view.periodStart,
    period_end: view.periodEnd,
    subtotal: view.subtotal,
    credits_applied: view.creditsApplied,
    tax_rate: view.taxRate,
    tax: view.tax,
    total: view.total,
    amount_due: view.amountDue,
    issued_at: view.issuedAt,
    due_at: view.dueAt,
    paid_at: view.paidAt,
    payment_reference: view.paymentReference,
    voided_at: view.voidedAt,
    void_reason: view.voidReason,
    replaces_invoice_id: view.replacesInvoiceId,
    lines: view.lines.map((line) => ({
      position: line.position,
      section: line.section,
      description: line.description,
      model_id: line.modelId,
      token_type: line.tokenType,
      plan_version_id: line.planVersionId,
      quantity: line.quantity,
      unit_price_per_million: line.unitPricePerMillion,
      amount: line.amount,
      exact_amount: line.exactAmount,
      origin_period_start: line.originPeriodStart,
      details: line.details,
    })),
    credit_notes: view.creditNotes.map(creditNoteJson),
  };
}

export function creditNoteJson(note: CreditNoteView) {
  return {
    id: note.id,
    number: note.number,
    invoice_id: note.invoiceId,
    amount: note.amount,
    currency: note.currency,
    reason: note.reason,
    created_at: note.createdAt,
  };
}

export function upcomingInvoiceJson(upcoming: UpcomingInvoice) {
  return {
    period_start: upcoming.periodStart,
    period_end: upcoming.periodEnd,
    finalizes_at: upcoming.finalizesAt,
    invoices: upcoming.invoices.map(invoiceJson),
  };
}

/** Who issued the invoice, as printed on it (its code is only the number's prefix). */
export function invoiceIssuerJson(issuer: InvoiceIssuer) {
  return {
    name: issuer.name,
    address_lines: issuer.addressLines,
    email: issuer.email,
    tax_id: issuer.taxId,
  };
}
