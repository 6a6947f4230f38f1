import type { DbOrTx } from "@tollgate/db";
import { loadInvoice, type InvoiceView } from "./invoice-view.ts";

/** One invoice with its lines and credit notes; `not_found` for another tenant's invoice when a tenant is given. */
export async function getInvoice(db: DbOrTx, invoiceId: string, tenantId?: string): Promise<InvoiceView> {
  return loadInvoice(db, invoiceId, tenantId);
}
