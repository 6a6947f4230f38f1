import { AppError } from "@tollgate/domain";
import type { DbTx } from "@tollgate/db";
import { INVOICE_INCLUDE, invoiceView, type InvoiceView } from "./invoice-view.ts";

/** Locks the invoice row for a status change; `not_found` when it does not exist. */
export async function lockInvoice(tx: DbTx, invoiceId: string): Promise<InvoiceView> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM invoices WHERE id = ${invoiceId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new AppError("not_found", `no invoice ${invoiceId}`);
  return invoiceView(await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: INVOICE_INCLUDE }));
}

export function requireStatus(invoice: InvoiceView, allowed: readonly string[], action: string): void {
  if (!allowed.includes(invoice.status)) {
    throw new AppError(
      "conflict",
      `invoice ${invoice.number ?? invoice.id ?? ""} is ${invoice.status}; cannot ${action}`,
    );
  }
}
