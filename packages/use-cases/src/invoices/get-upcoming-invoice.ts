import {
  AppError,
  anchorDayAt,
  billingPeriodEnd,
  billingPeriodStart,
  buildInvoiceDrafts,
  money,
  type PeriodTotal,
} from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { finalizesAt, loadTenantBilling } from "./billing-periods.ts";
import type { InvoiceIssuer } from "./invoice-issuer.ts";
import { draftView } from "./draft-view.ts";
import type { InvoiceView } from "./invoice-view.ts";
import { loadPeriodTotals, planVersionLabels } from "./period-totals.ts";
import { discountDetailsFor } from "./discount-details.ts";
import { usageDetailsFor } from "./usage-details.ts";
import { commitmentTrueUpsDue, projectedTrueUpTotals, type TrueUpDue } from "./commitment-true-ups.ts";

const PROJECTED_TRUE_UP =
  "projected: what the minimum adds if usage stays as it is; booked when the period is finalized";

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
  // The tenant first: its anchor day says where the period starts.
  const tenant = await loadTenantBilling(db, tenantId);
  const anchor = tenant.anchor;
  const start = billingPeriodStart(options.periodStart ?? now, anchor);
  if (options.periodStart && start.getTime() !== options.periodStart.getTime()) {
    throw new AppError(
      "bad_request",
      `period_start: must be the start of a billing period (00:00 UTC on the tenant's anchor day, ` +
        `${anchorDayAt(anchor, start).toString()})`,
    );
  }
  if (tenant.billedThrough && start < tenant.billedThrough) {
    throw new AppError("conflict", `the period starting ${start.toISOString()} is finalized; list its invoices`);
  }
  if (start > billingPeriodStart(now, anchor)) {
    throw new AppError("bad_request", "period_start: must not be in the future");
  }
  const end = billingPeriodEnd(start, anchor);
  const totals = await loadPeriodTotals(db, tenantId, start);
  const [labels, usageDetails, discountDetails, trueUps] = await Promise.all([
    planVersionLabels(db, totals),
    usageDetailsFor(db, tenantId, { start, end }, anchor, totals),
    discountDetailsFor(db, { start }, anchor, totals),
    // A period that is not closed has no true-up booked: show the one the close would book from today's usage.
    commitmentTrueUpsDue(db, tenantId, { start, end }, anchor),
  ]);
  const drafts = buildInvoiceDrafts({
    billedPeriodStart: start,
    totals: [...totals, ...projectedTrueUpTotals({ start }, unbooked(trueUps, totals, start))],
    taxRate: money(tenant.taxRate),
    planVersionLabels: labels,
    usageDetails,
    discountDetails,
  });
  return {
    periodStart: start.toISOString(),
    periodEnd: end.toISOString(),
    finalizesAt: finalizesAt(end, tenant.invoiceGraceHours).toISOString(),
    invoices: drafts.map((draft) => {
      const view = draftView(draft, { tenantId, issuer: issuer.code, start, end });
      for (const line of view.lines) {
        if (line.section === "commitment") line.details = [...line.details, PROJECTED_TRUE_UP];
      }
      return view;
    }),
  };
}

/** True-ups not booked yet (the worker's backstop may have booked one for a period no close has finalized). */
function unbooked(dues: readonly TrueUpDue[], totals: readonly PeriodTotal[], start: Date): TrueUpDue[] {
  const booked = new Set(
    totals
      .filter((t) => t.kind === "commitment_true_up" && t.originPeriodStart.getTime() === start.getTime())
      .map((t) => t.planVersionId),
  );
  return dues.filter((due) => !booked.has(due.planVersionId));
}
