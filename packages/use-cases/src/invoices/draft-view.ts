import type { InvoiceDraft } from "@tollgate/domain";
import { decimalText } from "../shared/change-context.ts";
import type { InvoiceView } from "./invoice-view.ts";

/** A draft shown as an invoice that has no id, number or dates yet. */
export function draftView(
  draft: InvoiceDraft,
  at: { tenantId: string; issuer: string; start: Date; end: Date },
): InvoiceView {
  return {
    id: null,
    tenantId: at.tenantId,
    number: null,
    issuer: at.issuer,
    status: "draft",
    currency: draft.currency,
    periodStart: at.start.toISOString(),
    periodEnd: at.end.toISOString(),
    subtotal: draft.subtotal.toFixed(),
    creditsApplied: draft.creditsApplied.toFixed(),
    taxRate: decimalText(draft.taxRate.toFixed()),
    tax: draft.tax.toFixed(),
    total: draft.total.toFixed(),
    amountDue: draft.total.toFixed(),
    issuedAt: null,
    dueAt: null,
    paidAt: null,
    paymentReference: null,
    voidedAt: null,
    voidReason: null,
    replacesInvoiceId: null,
    lines: draft.lines.map((line, index) => ({
      position: index + 1,
      section: line.section,
      description: line.description,
      modelId: line.modelId,
      tokenType: line.tokenType,
      planVersionId: line.planVersionId,
      quantity: line.quantity === null ? null : line.quantity.toString(),
      unitPricePerMillion: line.unitPricePerMillion === null ? null : decimalText(line.unitPricePerMillion.toFixed()),
      amount: line.amount.toFixed(),
      exactAmount: decimalText(line.exactAmount.toFixed()),
      originPeriodStart: line.originPeriodStart ? line.originPeriodStart.toISOString() : null,
      details: line.details,
    })),
    creditNotes: [],
  };
}
