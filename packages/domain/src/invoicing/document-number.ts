/** The two gapless numbering series an issuer keeps per calendar year. */
export type DocumentSeries = "invoice" | "credit_note";

export const DOCUMENT_NUMBER_DIGITS = 6;

/** Issuer codes are short upper-case tags printed in every number, e.g. "TG". */
export const ISSUER_CODE_PATTERN = /^[A-Z][A-Z0-9]{1,7}$/;

/**
 * A document's number: `TG-2026-000042` for invoices, `TG-CN-2026-000007` for credit notes. Numbers are taken
 * from a counter row locked in the finalizing transaction, so within (issuer, series, year) they have no gaps.
 */
export function formatDocumentNumber(issuer: string, series: DocumentSeries, year: number, sequence: number): string {
  const prefix = series === "invoice" ? issuer : `${issuer}-CN`;
  return `${prefix}-${year.toString()}-${sequence.toString().padStart(DOCUMENT_NUMBER_DIGITS, "0")}`;
}
