export type {
  InvoiceDocument,
  InvoiceDocumentCreditNote,
  InvoiceDocumentLine,
  InvoiceDocumentStatus,
  InvoiceLineSection,
} from "./invoice-document.ts";
export { renderInvoicePdf } from "./pdf/render-invoice-pdf.ts";
export { invoiceLinesCsv } from "./csv/invoice-lines-csv.ts";
export { usageByDayCsv, type UsageDayRow } from "./csv/usage-by-day-csv.ts";
export { invoiceFileName } from "./file-name.ts";
