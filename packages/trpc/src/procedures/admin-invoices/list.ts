import { listInvoices } from "@tollgate/use-cases/invoices";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { invoiceJson } from "../../wire/index.ts";
import { instant } from "../admin-fields.ts";
import { invoicePageOutput, invoiceStatusFilter, pageCursor, pageLimit } from "../invoices/invoice-schemas.ts";

/** Invoices across tenants with filters (operator). */
export const listAllInvoicesOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/admin/invoices",
      summary: "Invoices across tenants, newest first, with filters (operator)",
      description: "Filter by tenant, status and billing period start ([period_from, period_to)).",
      responseDescription: "a page of invoices",
      errors: [400, 401, 403],
    },
  })
  .input(
    z.strictObject({
      tenant_id: z.uuid("must be a tenant id (uuid)").optional(),
      status: invoiceStatusFilter,
      period_from: instant.optional(),
      period_to: instant.optional(),
      limit: pageLimit,
      cursor: pageCursor,
    }),
  )
  .output(invoicePageOutput)
  .query(async ({ ctx, input }) => {
    const page = await listInvoices(ctx.db, {
      tenantId: input.tenant_id,
      status: input.status,
      periodFrom: input.period_from,
      periodTo: input.period_to,
      limit: input.limit,
      cursor: input.cursor,
    });
    return { invoices: page.invoices.map(invoiceJson), next_cursor: page.nextCursor };
  });
