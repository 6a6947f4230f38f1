import { AppError, money, toDecimalString } from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { lockInvoice, requireStatus } from "./invoice-change.ts";
import { recordInvoiceEvent } from "./invoice-events.ts";
import { INVOICE_INCLUDE, invoiceAuditRecord, invoiceView, type InvoiceView } from "./invoice-view.ts";

/**
 * Records payment of a finalized invoice's amount due (total less credit notes): status paid, and an
 * invoice_settlement ledger entry of −amount due (key `invoice_settlement:<id>`), so the ledger balance shows it.
 * Settlements are never billed. Audited.
 */
export async function markInvoicePaid(
  db: DbOrTx,
  invoiceId: string,
  input: { paidAt?: Date | undefined; reference?: string | undefined },
  context: ChangeContext,
  options: { now?: Date } = {},
): Promise<InvoiceView> {
  const actor = requireOperator(context.actor);
  const now = options.now ?? new Date();
  const paidAt = input.paidAt ?? now;
  if (paidAt > now) throw new AppError("bad_request", "paid_at: must not be in the future");
  const reference = input.reference?.trim() ?? null;
  if (reference !== null && reference.length > 200)
    throw new AppError("bad_request", "reference: at most 200 characters");
  return inTransaction(db, async (tx) => {
    const before = await lockInvoice(tx, invoiceId);
    requireStatus(before, ["finalized"], "mark it paid");
    if (before.issuedAt && paidAt < new Date(before.issuedAt)) {
      throw new AppError("bad_request", "paid_at: must not be before the invoice was issued");
    }
    return recordInvoicePayment(tx, before, { paidAt, reference: reference === "" ? null : reference, actor });
  });
}

/**
 * The payment itself, for a finalized invoice the caller has locked (or just written): status paid, the settlement
 * entry when something was due, the invoice.paid event and the invoice.pay audit entry. Shared by an operator's
 * mark-paid and the close, which settles an invoice with nothing due at once (as Stripe does at finalization).
 */
export async function recordInvoicePayment(
  tx: DbTx,
  before: InvoiceView,
  payment: { paidAt: Date; reference: string | null; actor: string },
): Promise<InvoiceView> {
  const invoiceId = before.id ?? "";
  const { paidAt, reference, actor } = payment;
  const row = await tx.invoice.update({
    where: { id: invoiceId },
    data: { status: "paid", paidAt, paymentReference: reference },
    include: INVOICE_INCLUDE,
  });
  const due = money(before.amountDue);
  // Nothing due, nothing paid: no zero entry in the ledger.
  if (!due.isZero()) {
    await tx.ledgerEntry.create({
      data: {
        tenantId: before.tenantId,
        kind: "invoice_settlement",
        amount: toDecimalString(due.negated()),
        currency: before.currency,
        occurredAt: paidAt,
        idempotencyKey: `invoice_settlement:${invoiceId}`,
        invoiceId,
        description: `payment of ${before.number ?? invoiceId}`,
      },
    });
  }
  const after = invoiceView(row);
  await recordInvoiceEvent(tx, "invoice.paid", after);
  await writeAuditLog(tx, {
    actor,
    action: "invoice.pay",
    tenantId: before.tenantId,
    targetType: "invoice",
    targetId: invoiceId,
    ...(reference ? { reason: reference } : {}),
    before: invoiceAuditRecord(before),
    after: invoiceAuditRecord(after),
  });
  return after;
}
