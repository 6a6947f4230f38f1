import { isoMonth } from "./dates.ts";
import type { InvoiceDocument } from "./invoice-document.ts";

// File names go into Content-Disposition headers and file systems: keep them to a safe ASCII set.
const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|-+$/g, "") || "invoice";

/**
 * "TG-2026-000042.pdf" for a numbered invoice; "upcoming-<slug>-2026-12.csv" for the live draft, which has no number
 * (the month is the period's start, UTC).
 */
export function invoiceFileName(doc: InvoiceDocument, extension: "pdf" | "csv"): string {
  const base =
    doc.number === null ? `upcoming-${safe(doc.tenant.slug)}-${isoMonth(doc.periodStart)}` : safe(doc.number);
  return `${base}.${extension}`;
}
