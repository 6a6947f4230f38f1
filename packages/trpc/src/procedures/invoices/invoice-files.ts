import {
  invoiceFile,
  upcomingInvoiceFile,
  type InvoiceFile,
  type InvoiceFileFormat,
} from "@tollgate/use-cases/invoices";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { tenantIdQuery, USAGE_READ_ACCESS } from "../usage-reads/usage-read-query.ts";
import { currency, instant } from "../admin-fields.ts";
import { invoiceIdParam } from "./invoice-schemas.ts";

/** A downloadable file: REST sends the bytes (meta.rest.file); tRPC callers get them base64-encoded. */
export const fileOutput = z.object({
  file_name: z.string(),
  content_type: z.string(),
  content_base64: z.string(),
});

function fileOutputOf(file: InvoiceFile): z.output<typeof fileOutput> {
  return { file_name: file.fileName, content_type: file.contentType, content_base64: file.content.toString("base64") };
}

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
      return fileOutputOf(result);
    });
}

export const invoicePdfOperation = invoiceFileOperation("pdf");
export const invoiceLinesCsvOperation = invoiceFileOperation("lines_csv");
export const invoiceUsageCsvOperation = invoiceFileOperation("usage_csv");

function upcomingInvoiceFileOperation(format: "pdf" | "lines_csv") {
  const pdf = format === "pdf";
  return tenantReadOperation
    .meta({
      rest: {
        method: "GET",
        path: pdf ? "/v1/invoices/upcoming.pdf" : "/v1/invoices/upcoming.csv",
        summary: pdf ? "The upcoming invoice as a PDF, marked draft" : "The upcoming invoice's lines as CSV",
        description:
          `${USAGE_READ_ACCESS} The live draft of GET /v1/invoices/upcoming (same period_start), in one currency ` +
          "(default the first with activity); 404 while the period has nothing billed.",
        responseDescription: "the file, as an attachment",
        file: { contentType: pdf ? "application/pdf" : "text/csv" },
        errors: [400, 401, 403, 404, 409],
      },
    })
    .input(
      z.strictObject({
        tenant_id: tenantIdQuery,
        period_start: instant.optional().describe("a billing period's start; default the current period"),
        currency: currency.optional().describe("default: the first currency with activity"),
      }),
    )
    .output(fileOutput)
    .query(async ({ ctx, input }) => {
      const result = await upcomingInvoiceFile(ctx.db, ctx.tenantId, ctx.invoiceIssuer, format, {
        periodStart: input.period_start,
        currency: input.currency,
      });
      return fileOutputOf(result);
    });
}

export const upcomingInvoicePdfOperation = upcomingInvoiceFileOperation("pdf");
export const upcomingInvoiceCsvOperation = upcomingInvoiceFileOperation("lines_csv");
