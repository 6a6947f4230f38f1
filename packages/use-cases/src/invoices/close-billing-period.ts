import { AppError, billingPeriodEnd, buildInvoiceDrafts, money } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { actorOf, type Principal } from "../access/principal.ts";
import { authorize } from "../access/authorize.ts";
import { inTransaction } from "../shared/change-context.ts";
import { lockTenantBilling } from "./billing-lock.ts";
import { finalizesAt, firstOpenPeriod, loadTenantBilling } from "./billing-periods.ts";
import { bookCommitmentTrueUps } from "./commitment-true-ups.ts";
import type { InvoiceIssuer } from "./invoice-issuer.ts";
import type { InvoiceView } from "./invoice-view.ts";
import { loadPeriodTotals, planVersionLabels } from "./period-totals.ts";
import { discountDetailsFor } from "./discount-details.ts";
import { usageDetailsFor } from "./usage-details.ts";
import { writeFinalizedInvoice } from "./write-invoice.ts";
import { settleClosedRunTenant } from "../billing-runs/run-outcomes.ts";

export interface CloseOptions {
  now?: Date;
  /** Finalize as soon as the period has ended instead of after the tenant's grace period (operators). */
  skipGrace?: boolean;
}

export type CloseResult =
  | {
      status: "closed";
      periodStart: Date;
      periodEnd: Date;
      invoices: InvoiceView[];
      /** When the next period is due (its end plus the grace used for this close). */
      nextDueAt: Date;
    }
  /** The tenant's first open period has not ended (or is still in grace): nothing was written. */
  | { status: "not_due"; periodStart: Date; periodEnd: Date; dueAt: Date };

/** Who runs a close: the schedule (a system actor) or an operator asking for it early. */
export type CloseActor = { system: string } | { principal: Principal };

/**
 * Closes the tenant's first open billing period once it is due: books its commitment true-ups, finalizes one
 * numbered invoice per currency from the period's ledger totals, and moves tenants.billed_through to the period's
 * end, all in one transaction. Under the tenant's row lock and exclusive billing lock, so a retried or concurrent
 * close finds the period already closed and writes nothing (never a second invoice or number), and every ledger
 * entry written afterwards for the period is billed on the next one. A period with nothing billable is closed
 * without an invoice (no number is used).
 */
export async function closeBillingPeriod(
  db: DbOrTx,
  tenantId: string,
  issuer: InvoiceIssuer,
  by: CloseActor,
  options: CloseOptions = {},
): Promise<CloseResult> {
  const actor = "system" in by ? `system:${by.system}` : actorOf(authorize(by.principal, "operator"));
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const tenant = await loadTenantBilling(tx, tenantId, { lock: true });
    await lockTenantBilling(tx, tenantId);
    const period = await firstOpenPeriod(tx, tenant);
    const dueAt = options.skipGrace ? period.end : finalizesAt(period.end, tenant.invoiceGraceHours);
    if (now < dueAt) return { status: "not_due", periodStart: period.start, periodEnd: period.end, dueAt };
    await bookCommitmentTrueUps(tx, tenantId, period, tenant.anchor);
    const totals = await loadPeriodTotals(tx, tenantId, period.start);
    const drafts = buildInvoiceDrafts({
      billedPeriodStart: period.start,
      totals,
      taxRate: money(tenant.taxRate),
      planVersionLabels: await planVersionLabels(tx, totals),
      usageDetails: await usageDetailsFor(tx, tenantId, period, tenant.anchor, totals),
      discountDetails: await discountDetailsFor(tx, period, tenant.anchor, totals),
    });
    await tx.$executeRaw`UPDATE tenants SET billed_through = ${period.end} WHERE id = ${tenantId}::uuid`;
    const invoices: InvoiceView[] = [];
    // Numbers last: the counter row stays locked until commit.
    for (const draft of drafts) {
      invoices.push(
        await writeFinalizedInvoice(tx, {
          tenantId,
          issuer,
          period,
          draft,
          issuedAt: now,
          paymentTermsDays: tenant.paymentTermsDays,
          actor,
        }),
      );
    }
    await settleClosedRunTenant(tx, tenantId, period.start, invoices.length);
    const nextEnd = billingPeriodEnd(period.end, tenant.anchor);
    const nextDueAt = options.skipGrace ? nextEnd : finalizesAt(nextEnd, tenant.invoiceGraceHours);
    return { status: "closed", periodStart: period.start, periodEnd: period.end, invoices, nextDueAt };
  });
}

/** Closes every due period of the tenant, oldest first (a schedule that was down catches up); returns the closes. */
export async function closeDuePeriods(
  db: DbOrTx,
  tenantId: string,
  issuer: InvoiceIssuer,
  by: CloseActor,
  options: CloseOptions = {},
): Promise<CloseResult[]> {
  const now = options.now ?? new Date();
  const results: CloseResult[] = [];
  for (let guard = 0; guard < 120; guard++) {
    const result = await closeBillingPeriod(db, tenantId, issuer, by, { ...options, now });
    results.push(result);
    // The next period's due time is known: no second transaction just to find it is not due.
    if (result.status === "not_due" || result.nextDueAt > now) return results;
  }
  throw new AppError("conflict", "more than 120 periods to close at once; close them in smaller steps");
}
