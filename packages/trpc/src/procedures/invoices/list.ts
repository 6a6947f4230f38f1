import { listInvoices } from "@tollgate/use-cases/invoices";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { invoiceJson } from "../../wire/index.ts";
import { tenantIdQuery, USAGE_READ_ACCESS } from "../usage-reads/usage-read-query.ts";
import { invoicePageOutput, invoiceStatusFilter, pageCursor, pageLimit } from "./invoice-schemas.ts";

/** The tenant's finalized, paid and void invoices, newest first. */
export const listInvoicesOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/invoices",
      summary: "The tenant's invoices, newest first",
      description: `${USAGE_READ_ACCESS} Finalized, paid and void invoices with their lines; the live draft of the current period is GET /v1/invoices/upcoming.`,
      responseDescription: "a page of invoices",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({ tenant_id: tenantIdQuery, status: invoiceStatusFilter, limit: pageLimit, cursor: pageCursor }),
  )
  .output(invoicePageOutput)
  .query(async ({ ctx, input }) => {
    const page = await listInvoices(ctx.db, {
      tenantId: ctx.tenantId,
      status: input.status,
      limit: input.limit,
      cursor: input.cursor,
    });
    return { invoices: page.invoices.map(invoiceJson), next_cursor: page.nextCursor };
  });
