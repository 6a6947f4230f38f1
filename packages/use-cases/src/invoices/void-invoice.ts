import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { lockInvoice, requireStatus } from "./invoice-change.ts";
import { recordInvoiceEvent } from "./invoice-events.ts";
import { INVOICE_INCLUDE, invoiceAuditRecord, invoiceView, type InvoiceView } from "./invoice-view.ts";

/**
 * Voids a finalized, unpaid invoice (reason required). Its number stays used and the document stays readable,
 * marked void; the period's charges can then be billed again with regenerateInvoice. A paid invoice is corrected
 * with a credit note instead. Audited.
 */
export async function voidInvoice(
  db: DbOrTx,
  invoiceId: string,
  context: ChangeContext,
  options: { now?: Date } = {},
): Promise<InvoiceView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, true);
  return inTransaction(db, async (tx) => {
    const before = await lockInvoice(tx, invoiceId);
    requireStatus(before, ["finalized"], "void it (a paid invoice is corrected with a credit note)");
    const row = await tx.invoice.update({
      where: { id: invoiceId },
      data: { status: "void", voidedAt: options.now ?? new Date(), voidReason: reason },
      include: INVOICE_INCLUDE,
    });
    const after = invoiceView(row);
    await recordInvoiceEvent(tx, "invoice.voided", after);
    await writeAuditLog(tx, {
      actor,
      action: "invoice.void",
      tenantId: before.tenantId,
      targetType: "invoice",
      targetId: invoiceId,
      reason,
      before: invoiceAuditRecord(before),
      after: invoiceAuditRecord(after),
    });
    return after;
  });
}
