import { AppError } from "@tollgate/domain";
import type { DbOrTx, InvoiceStatus, Prisma } from "@tollgate/db";
import { INVOICE_INCLUDE, invoiceView, type InvoiceView } from "./invoice-view.ts";

export interface InvoiceFilter {
  /** One tenant's invoices; absent for operators listing across tenants. */
  tenantId?: string | undefined;
  status?: InvoiceStatus | undefined;
  /** Invoices whose billing period starts at or after / before these instants. */
  periodFrom?: Date | undefined;
  periodTo?: Date | undefined;
  /** At most 200; default 50. */
  limit?: number | undefined;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

export interface InvoicePage {
  invoices: InvoiceView[];
  nextCursor: string | null;
}

/** Finalized, paid and void invoices, newest first (issued_at, then id), cursor-paginated. */
export async function listInvoices(db: DbOrTx, filter: InvoiceFilter): Promise<InvoicePage> {
  const limit = filter.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw new AppError("bad_request", "limit: must be a whole number from 1 to 200");
  }
  const after = filter.cursor === undefined ? undefined : parseCursor(filter.cursor);
  const where: Prisma.InvoiceWhereInput = {
    status: filter.status ?? { not: "draft" },
    ...(filter.tenantId === undefined ? {} : { tenantId: filter.tenantId }),
    ...(filter.periodFrom || filter.periodTo
      ? {
          periodStart: {
            ...(filter.periodFrom ? { gte: filter.periodFrom } : {}),
            ...(filter.periodTo ? { lt: filter.periodTo } : {}),
          },
        }
      : {}),
    ...(after
      ? { OR: [{ issuedAt: { lt: after.issuedAt } }, { issuedAt: after.issuedAt, id: { lt: after.id } }] }
      : {}),
  };
  const rows = await db.invoice.findMany({
    where,
    include: INVOICE_INCLUDE,
    orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    invoices: page.map(invoiceView),
    nextCursor: rows.length > limit && last?.issuedAt ? formatCursor(last.issuedAt, last.id) : null,
  };
}

function formatCursor(issuedAt: Date, id: string): string {
  return Buffer.from(`${issuedAt.toISOString()}|${id}`).toString("base64url");
}

function parseCursor(cursor: string): { issuedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const issuedAt = new Date(at ?? "");
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(issuedAt.getTime())) {
    throw new AppError("bad_request", "cursor: not a cursor this endpoint returned");
  }
  return { issuedAt, id };
}
