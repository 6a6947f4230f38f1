import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import {
  invoiceFileName,
  invoiceLinesCsv,
  renderInvoicePdf,
  usageByDayCsv,
  type InvoiceDocument,
} from "@tollgate/invoice-documents";
import type { InvoiceIssuer } from "./invoice-issuer.ts";
import { getUpcomingInvoice } from "./get-upcoming-invoice.ts";
import { loadInvoice, type InvoiceView } from "./invoice-view.ts";

/** A document to download: its bytes, media type and a safe file name. */
export interface InvoiceFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export type InvoiceFileFormat = "pdf" | "lines_csv" | "usage_csv";

const LATE_USAGE_NOTE =
  "Usage of this period that arrives after the invoice is finalized is billed on the next invoice, labelled with " +
  "this period and priced as it was rated; this invoice never changes.";

/**
 * One of the tenant's invoices as a file: the PDF, the CSV of its lines, or the CSV of its period's usage by UTC
 * day × model (from the hourly rollups). `not_found` for another tenant's invoice.
 */
export async function invoiceFile(
  db: DbOrTx,
  invoiceId: string,
  tenantId: string,
  issuer: InvoiceIssuer,
  format: InvoiceFileFormat,
): Promise<InvoiceFile> {
  const view = await loadInvoice(db, invoiceId, tenantId);
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true, slug: true } });
  const doc = invoiceDocument(view, { id: tenantId, ...tenant }, issuer);
  if (format === "pdf") {
    return {
      fileName: invoiceFileName(doc, "pdf"),
      contentType: "application/pdf",
      content: await renderInvoicePdf(doc),
    };
  }
  if (format === "lines_csv") {
    return {
      fileName: invoiceFileName(doc, "csv"),
      contentType: "text/csv; charset=utf-8",
      content: Buffer.from(invoiceLinesCsv(doc)),
    };
  }
  const rows = await db.$queryRaw<
    {
      day: Date;
      model_id: string;
      events: bigint;
      input: bigint;
      cached_input: bigint;
      cache_write: bigint;
      output: bigint;
      reasoning: bigint;
      amount: string;
    }[]
  >`
    SELECT date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day, model_id,
           sum(event_count)::bigint AS events, sum(input_tokens)::bigint AS input,
           sum(cached_input_tokens)::bigint AS cached_input, sum(cache_write_tokens)::bigint AS cache_write,
           sum(output_tokens)::bigint AS output, sum(reasoning_tokens)::bigint AS reasoning, sum(amount)::text AS amount
      FROM usage_rollups_hourly
     WHERE tenant_id = ${tenantId}::uuid AND hour >= ${new Date(view.periodStart)} AND hour < ${new Date(view.periodEnd)}
     GROUP BY 1, 2 ORDER BY 1, 2`;
  const csv = usageByDayCsv(
    rows.map((row) => ({
      day: row.day,
      modelId: row.model_id,
      eventCount: row.events,
      inputTokens: row.input,
      cachedInputTokens: row.cached_input,
      cacheWriteTokens: row.cache_write,
      outputTokens: row.output,
      reasoningTokens: row.reasoning,
      amount: row.amount,
    })),
    view.currency,
  );
  return {
    fileName: invoiceFileName(doc, "csv").replace(/\.csv$/, "-usage-by-day.csv"),
    contentType: "text/csv; charset=utf-8",
    content: Buffer.from(csv),
  };
}

/**
 * The upcoming invoice (the live draft of the current period, or of an earlier one still in grace) as a PDF or the
 * CSV of its lines, in one currency (default: the first with activity). `not_found` while the period has nothing
 * billable in it.
 */
export async function upcomingInvoiceFile(
  db: DbOrTx,
  tenantId: string,
  issuer: InvoiceIssuer,
  format: "pdf" | "lines_csv",
  options: { periodStart?: Date | undefined; currency?: string | undefined } = {},
): Promise<InvoiceFile> {
  const upcoming = await getUpcomingInvoice(db, tenantId, issuer, { periodStart: options.periodStart });
  const view = upcoming.invoices.find((draft) => options.currency === undefined || draft.currency === options.currency);
  if (!view) {
    throw new AppError(
      "not_found",
      `the upcoming invoice has nothing billed${options.currency ? ` in ${options.currency}` : ""} yet`,
    );
  }
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true, slug: true } });
  const doc = invoiceDocument(view, { id: tenantId, ...tenant }, issuer);
  return format === "pdf"
    ? { fileName: invoiceFileName(doc, "pdf"), contentType: "application/pdf", content: await renderInvoicePdf(doc) }
    : {
        fileName: invoiceFileName(doc, "csv"),
        contentType: "text/csv; charset=utf-8",
        content: Buffer.from(invoiceLinesCsv(doc)),
      };
}

/** The renderers' view of an invoice: plain data, amounts as computed and rounded by the engine. */
export function invoiceDocument(
  view: InvoiceView,
  tenant: { id: string; name: string; slug: string },
  issuer: InvoiceIssuer,
): InvoiceDocument {
  if (view.status === "draft" && view.id !== null) throw new AppError("conflict", "the invoice is being finalized");
  const date = (iso: string | null) => (iso === null ? null : new Date(iso));
  return {
    issuer: { name: issuer.name, addressLines: issuer.addressLines, email: issuer.email, taxId: issuer.taxId },
    number: view.number,
    status: view.status,
    tenant,
    currency: view.currency,
    periodStart: new Date(view.periodStart),
    periodEnd: new Date(view.periodEnd),
    issuedAt: date(view.issuedAt),
    dueAt: date(view.dueAt),
    lines: view.lines.map((line) => ({
      section: line.section,
      description: line.description,
      modelId: line.modelId,
      tokenType: line.tokenType,
      quantity: line.quantity,
      unitPricePerMillion: line.unitPricePerMillion,
      amount: line.amount,
      originPeriodStart: date(line.originPeriodStart),
      details: line.details,
    })),
    subtotal: view.subtotal,
    creditsApplied: view.creditsApplied,
    taxRate: view.taxRate,
    tax: view.tax,
    total: view.total,
    amountDue: view.amountDue,
    voidReason: view.voidReason,
    creditNotes: view.creditNotes.map((note) => ({
      number: note.number,
      amount: note.amount,
      reason: note.reason,
      createdAt: new Date(note.createdAt),
    })),
    notes: [LATE_USAGE_NOTE],
  };
}
