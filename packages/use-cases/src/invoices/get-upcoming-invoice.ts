import { AppError, billingPeriodEnd, billingPeriodStart, buildInvoiceDrafts, money } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { finalizesAt, loadTenantBilling } from "./billing-periods.ts";
import type { InvoiceIssuer } from "./invoice-issuer.ts";
import { draftView } from "./draft-view.ts";
import type { InvoiceView } from "./invoice-view.ts";
import { loadPeriodTotals, planVersionLabels } from "./period-totals.ts";
import { usageDetailsFor } from "./usage-details.ts";

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
  const start = billingPeriodStart(options.periodStart ?? now);
  // The tenant (for its settings and billed_through) and the period's totals are read at once.
  const [tenant, totals] = await Promise.all([loadTenantBilling(db, tenantId), loadPeriodTotals(db, tenantId, start)]);
  if (options.periodStart && start.getTime() !== options.periodStart.getTime()) {
    throw new AppError("bad_request", "period_start: must be the start of a billing period (00:00 UTC on the 1st)");
  }
  if (tenant.billedThrough && start < tenant.billedThrough) {
    throw new AppError("conflict", `the period starting ${start.toISOString()} is finalized; list its invoices`);
  }
  if (start > billingPeriodStart(now)) throw new AppError("bad_request", "period_start: must not be in the future");
  const end = billingPeriodEnd(start);
  const [labels, usageDetails] = await Promise.all([
    planVersionLabels(db, totals),
    usageDetailsFor(db, tenantId, start, totals),
  ]);
  const drafts = buildInvoiceDrafts({
    billedPeriodStart: start,
    totals,
    taxRate: money(tenant.taxRate),
    planVersionLabels: labels,
    usageDetails,
  });
  return {
    periodStart: start.toISOString(),
    periodEnd: end.toISOString(),
    finalizesAt: finalizesAt(end, tenant.invoiceGraceHours).toISOString(),
    invoices: drafts.map((draft) => draftView(draft, { tenantId, issuer: issuer.code, start, end })),
  };
}
