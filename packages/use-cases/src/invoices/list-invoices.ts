import { AppError } from "@tollgate/domain";
import { Prisma, type DbOrTx, type InvoiceStatus } from "@tollgate/db";
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

/**
 * Finalized, paid and void invoices, newest first, cursor-paginated. Invoices issued at the same instant (one close's
 * currencies, one billing run's tenants) follow their numbers, latest first: a number is taken from a gapless
 * counter as each is finalized, so it orders them as issued (ids are random). The cursor holds the same key as the
 * ORDER BY (issued_at, number), so a page never repeats or skips an invoice.
 */
export async function listInvoices(db: DbOrTx, filter: InvoiceFilter): Promise<InvoicePage> {
  const limit = filter.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw new AppError("bad_request", "limit: must be a whole number from 1 to 200");
  }
  const after = filter.cursor === undefined ? undefined : parseCursor(filter.cursor);
  const conditions = [
    filter.status === undefined ? Prisma.sql`status <> 'draft'` : Prisma.sql`status = ${filter.status}::invoice_status`,
    ...(filter.tenantId === undefined ? [] : [Prisma.sql`tenant_id = ${filter.tenantId}::uuid`]),
    ...(filter.periodFrom ? [Prisma.sql`period_start >= ${filter.periodFrom}`] : []),
    ...(filter.periodTo ? [Prisma.sql`period_start < ${filter.periodTo}`] : []),
    // The first test lets an index on issued_at bound the scan; the row comparison is the exact key.
    ...(after
      ? [
          Prisma.sql`issued_at <= ${after.issuedAt}`,
          Prisma.sql`(issued_at, length(number), number COLLATE "C")
                       < (${after.issuedAt}, ${after.number.length}, ${after.number} COLLATE "C")`,
        ]
      : []),
  ];
  // A number's sequence is zero-padded to six digits and grows a seventh past 999,999: ordered by length, then
  // bytes, numbers sort by sequence whatever the database's collation.
  const keys = await db.$queryRaw<{ id: string; issued_at: Date; number: string }[]>`
    SELECT id::text AS id, issued_at, number FROM invoices
     WHERE ${Prisma.join(conditions, " AND ")}
     ORDER BY issued_at DESC, length(number) DESC, number COLLATE "C" DESC
     LIMIT ${limit + 1}`;
  const page = keys.slice(0, limit);
  const rows = await db.invoice.findMany({
    where: { id: { in: page.map((key) => key.id) } },
    include: INVOICE_INCLUDE,
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const last = page.at(-1);
  return {
    invoices: page.flatMap((key) => {
      const row = byId.get(key.id);
      return row ? [invoiceView(row)] : [];
    }),
    nextCursor: keys.length > limit && last ? formatCursor(last.issued_at, last.number) : null,
  };
}

function formatCursor(issuedAt: Date, number: string): string {
  return Buffer.from(`${issuedAt.toISOString()}|${number}`).toString("base64url");
}

/** A document number as formatDocumentNumber writes it (any issuer code, year and sequence length). */
const CURSOR_NUMBER = /^[A-Z][A-Z0-9]{0,15}(-[A-Z0-9]{1,16}){1,3}$/;

function parseCursor(cursor: string): { issuedAt: Date; number: string } {
  const [at, number, ...rest] = Buffer.from(cursor, "base64url").toString().split("|");
  const issuedAt = new Date(at ?? "");
  if (rest.length > 0 || !number || !CURSOR_NUMBER.test(number) || Number.isNaN(issuedAt.getTime())) {
    throw new AppError("bad_request", "cursor: not a cursor this endpoint returned");
  }
  return { issuedAt, number };
}
