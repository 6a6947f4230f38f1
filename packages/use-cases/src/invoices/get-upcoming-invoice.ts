import {
  AppError,
  billingPeriodEnd,
  billingPeriodStart,
  buildInvoiceDrafts,
  money,
  type InvoiceDraft,
} from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { decimalText } from "../shared/change-context.ts";
import { finalizesAt, loadTenantBilling } from "./billing-periods.ts";
import type { InvoiceIssuer } from "./invoice-issuer.ts";
import type { InvoiceView } from "./invoice-view.ts";
import { loadPeriodTotals, planVersionLabels } from "./period-totals.ts";

export interface UpcomingInvoice {
  periodStart: string;
  periodEnd: string;
  /** When the schedule finalizes the period (its end plus the tenant's grace). */
  finalizesAt: string;
  /** One live draft per currency with activity (usually one); empty when nothing is billable yet. */
  invoices: InvoiceView[];
}

/**
 * The live draft of a period that is not finalized yet: by default the current one; `periodStart` may name an
 * earlier period still in its grace window. Read from the period's ledger totals (a few rows per model), never from
 * raw events, so it costs the same for any usage volume.
 */
export async function getUpcomingInvoice(
  db: DbOrTx,
  tenantId: string,
  issuer: InvoiceIssuer,
  options: { now?: Date; periodStart?: Date } = {},
): Promise<UpcomingInvoice> {
  const now = options.now ?? new Date();
  const tenant = await loadTenantBilling(db, tenantId);
  const start = billingPeriodStart(options.periodStart ?? now);
  if (options.periodStart && start.getTime() !== options.periodStart.getTime()) {
    throw new AppError("bad_request", "period_start: must be the start of a billing period (00:00 UTC on the 1st)");
  }
  if (tenant.billedThrough && start < tenant.billedThrough) {
    throw new AppError("conflict", `the period starting ${start.toISOString()} is finalized; list its invoices`);
  }
  if (start > billingPeriodStart(now)) throw new AppError("bad_request", "period_start: must not be in the future");
  const end = billingPeriodEnd(start);
  const totals = await loadPeriodTotals(db, tenantId, start);
  const drafts = buildInvoiceDrafts({
    billedPeriodStart: start,
    totals,
    taxRate: money(tenant.taxRate),
    planVersionLabels: await planVersionLabels(db, totals),
  });
  return {
    periodStart: start.toISOString(),
    periodEnd: end.toISOString(),
    finalizesAt: finalizesAt(end, tenant.invoiceGraceHours).toISOString(),
    invoices: drafts.map((draft) => draftView(draft, { tenantId, issuer: issuer.code, start, end })),
  };
}

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
