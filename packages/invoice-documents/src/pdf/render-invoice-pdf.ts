import PDFDocument from "pdfkit";
import type { InvoiceDocument } from "../invoice-document.ts";
import { drawHeader } from "./header.ts";
import { invoiceFormatter } from "./invoice-formatter.ts";
import { drawLinesTable } from "./lines-table.ts";
import { PageFlow } from "./page-flow.ts";
import { drawPageFurniture } from "./page-furniture.ts";
import { pdfSafeText } from "./pdf-text.ts";
import { statusText } from "./status-text.ts";
import { drawCreditNotes, drawNotes, drawTotals } from "./totals.ts";
import { PAGE } from "./theme.ts";

function title(doc: InvoiceDocument): string {
  return pdfSafeText(doc.number === null ? `Upcoming invoice for ${doc.tenant.name}` : `Invoice ${doc.number}`);
}

/**
 * The invoice as a PDF (A4, Helvetica). Deterministic: the same document gives the same bytes, because the creation
 * date (which PDFKit also hashes into the file id) comes from the invoice, not the clock.
 * Async so that a bad input (an amount that is not a decimal) rejects the promise instead of throwing.
 */
export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: PAGE.size,
    margins: { top: PAGE.top, left: PAGE.left, right: PAGE.width - PAGE.right, bottom: 20 },
    bufferPages: true,
    info: {
      Title: title(doc),
      Author: pdfSafeText(doc.issuer.name),
      Subject: pdfSafeText(`Invoice for ${doc.tenant.name} (${doc.tenant.slug})`),
      Creator: "Tollgate",
      Producer: "Tollgate",
      CreationDate: doc.issuedAt ?? doc.periodStart,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => {
      resolve(Buffer.concat(chunks));
    });
    pdf.on("error", reject);
  });
  const format = invoiceFormatter(doc.currency);
  const status = statusText(doc, format);
  const flow = new PageFlow(pdf, drawHeader(pdf, doc, status));
  drawLinesTable(flow, doc.lines, format);
  drawTotals(flow, doc, format);
  drawCreditNotes(flow, doc, format);
  drawNotes(flow, doc.notes);
  drawPageFurniture(pdf, status);
  pdf.end();
  return await done;
}
