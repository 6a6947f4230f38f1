import { AppError, buildInvoiceDrafts, money } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { inTransaction, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { lockTenantBilling } from "./billing-lock.ts";
import { loadTenantBilling } from "./billing-periods.ts";
import type { InvoiceIssuer } from "./invoice-issuer.ts";
import { loadInvoice, type InvoiceView } from "./invoice-view.ts";
import { loadPeriodTotals, planVersionLabels } from "./period-totals.ts";
import { writeFinalizedInvoice } from "./write-invoice.ts";

/**
 * Bills a voided invoice's period again: a new numbered invoice built from the period's ledger totals with the
 * tenant's current tax rate and terms (what a void usually corrects), pointing at the void one. Late usage that
 * arrived after the first close stays on the later invoice it was billed on, so nothing is billed twice. Audited.
 */
export async function regenerateInvoice(
  db: DbOrTx,
  invoiceId: string,
  issuer: InvoiceIssuer,
  context: ChangeContext,
  options: { now?: Date } = {},
): Promise<InvoiceView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const voided = await loadInvoice(tx, invoiceId);
    const tenant = await loadTenantBilling(tx, voided.tenantId, { lock: true });
    await lockTenantBilling(tx, voided.tenantId);
    if (voided.status !== "void") {
      throw new AppError(
        "conflict",
        `invoice ${voided.number ?? invoiceId} is ${voided.status}; only a void invoice can be regenerated`,
      );
    }
    const start = new Date(voided.periodStart);
    const live = await tx.invoice.findFirst({
      where: { tenantId: voided.tenantId, periodStart: start, currency: voided.currency, status: { not: "void" } },
      select: { number: true },
    });
    if (live) throw new AppError("conflict", `the period is already billed by ${live.number ?? "another invoice"}`);
    const totals = await loadPeriodTotals(tx, voided.tenantId, start);
    const draft = buildInvoiceDrafts({
      billedPeriodStart: start,
      totals,
      taxRate: money(tenant.taxRate),
      planVersionLabels: await planVersionLabels(tx, totals),
    }).find((d) => d.currency === voided.currency);
    if (!draft) throw new AppError("conflict", "the period has nothing billable in this currency");
    // Usage lines keep the void invoice's breakdowns, not today's counters: those also count usage that arrived after
    // the close and is billed on a later invoice.
    for (const line of draft.lines) {
      const same = voided.lines.find(
        (v) =>
          v.section === line.section &&
          v.modelId === line.modelId &&
          v.tokenType === line.tokenType &&
          v.planVersionId === line.planVersionId &&
          // A model's allowance and cap lines differ only by their description.
          v.description === line.description,
      );
      if (same) line.details = same.details;
    }
    return writeFinalizedInvoice(tx, {
      tenantId: voided.tenantId,
      issuer,
      period: { start, end: new Date(voided.periodEnd) },
      draft,
      issuedAt: now,
      paymentTermsDays: tenant.paymentTermsDays,
      replacesInvoiceId: invoiceId,
      actor,
      ...(reason === "" ? {} : { reason }),
    });
  });
}
