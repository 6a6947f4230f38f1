import { getInvoice } from "@tollgate/use-cases/invoices";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { invoiceIssuerJson, invoiceJson } from "../../wire/index.ts";
import { tenantIdQuery, USAGE_READ_ACCESS } from "../usage-reads/usage-read-query.ts";
import { invoiceIdParam, invoiceOutput, issuedByOutput } from "./invoice-schemas.ts";

/** One of the tenant's invoices with lines and credit notes; another tenant's is a 404. */
export const getInvoiceOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/invoices/{invoiceId}",
      summary: "One invoice with its lines and credit notes",
      description: `${USAGE_READ_ACCESS} An invoice of another tenant is a 404.`,
      responseDescription: "the invoice",
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ invoiceId: invoiceIdParam, tenant_id: tenantIdQuery }))
  .output(invoiceOutput.extend({ issued_by: issuedByOutput }))
  .query(async ({ ctx, input }) => ({
    ...invoiceJson(await getInvoice(ctx.db, input.invoiceId, ctx.tenantId)),
    issued_by: invoiceIssuerJson(ctx.invoiceIssuer),
  }));
