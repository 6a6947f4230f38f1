import { invoiceFile, type InvoiceFileFormat } from "@tollgate/use-cases/invoices";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { tenantIdQuery, USAGE_READ_ACCESS } from "../usage-reads/usage-read-query.ts";
import { invoiceIdParam } from "./invoice-schemas.ts";

/** A downloadable file: REST sends the bytes (meta.rest.file); tRPC callers get them base64-encoded. */
export const fileOutput = z.object({
  file_name: z.string(),
  content_type: z.string(),
  content_base64: z.string(),
});

const FILES: Record<InvoiceFileFormat, { path: string; contentType: string; summary: string }> = {
  pdf: { path: "/v1/invoices/{invoiceId}.pdf", contentType: "application/pdf", summary: "The invoice as a PDF" },
  lines_csv: {
    path: "/v1/invoices/{invoiceId}.csv",
    contentType: "text/csv",
    summary: "The invoice's lines as CSV (RFC 4180, CRLF)",
  },
  usage_csv: {
    path: "/v1/invoices/{invoiceId}/usage.csv",
    contentType: "text/csv",
    summary: "The invoice period's usage by UTC day × model as CSV, from the hourly rollups",
  },
};

function invoiceFileOperation(format: InvoiceFileFormat) {
  const file = FILES[format];
  return tenantReadOperation
    .meta({
      rest: {
        method: "GET",
        path: file.path,
        summary: file.summary,
        description: `${USAGE_READ_ACCESS} An invoice of another tenant is a 404.`,
        responseDescription: "the file, as an attachment",
        file: { contentType: file.contentType },
        errors: [400, 401, 403, 404],
      },
    })
    .input(z.strictObject({ invoiceId: invoiceIdParam, tenant_id: tenantIdQuery }))
    .output(fileOutput)
    .query(async ({ ctx, input }) => {
      const result = await invoiceFile(ctx.db, input.invoiceId, ctx.tenantId, ctx.invoiceIssuer, format);
      return {
        file_name: result.fileName,
        content_type: result.contentType,
        content_base64: result.content.toString("base64"),
      };
    });
}

export const invoicePdfOperation = invoiceFileOperation("pdf");
export const invoiceLinesCsvOperation = invoiceFileOperation("lines_csv");
export const invoiceUsageCsvOperation = invoiceFileOperation("usage_csv");
