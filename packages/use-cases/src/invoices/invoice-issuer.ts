import { AppError, ISSUER_CODE_PATTERN } from "@tollgate/domain";

/** Who issues the invoices (the platform operator): printed on documents; `code` prefixes every number. */
export interface InvoiceIssuer {
  /** e.g. "TG": numbers are TG-2026-000042; gapless per (code, year). */
  code: string;
  name: string;
  addressLines: string[];
  email: string | null;
  taxId: string | null;
}

export const DEFAULT_INVOICE_ISSUER: InvoiceIssuer = {
  code: "TG",
  name: "Tollgate",
  addressLines: [],
  email: null,
  taxId: null,
};

/** Checks an issuer built from an app's settings (env.ts); a bad code would make numbers nobody can parse. */
export function invoiceIssuer(settings: InvoiceIssuer): InvoiceIssuer {
  if (!ISSUER_CODE_PATTERN.test(settings.code)) {
    throw new AppError("bad_request", "invoice issuer code: 2–8 upper-case letters or digits, starting with a letter");
  }
  return settings;
}
