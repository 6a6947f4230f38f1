import { ISSUER_CODE_PATTERN } from "@tollgate/domain";
import { z } from "zod";

/**
 * Who issues the invoices (the platform operator): `name` and address are printed on documents and pages as the
 * issuer; `code` only prefixes every number (it names a number series, not a party).
 */
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

/**
 * The issuer's settings, the same variables in every app that numbers or prints invoices (api, worker); each app's
 * env.ts extends its schema with these and passes the result to invoiceIssuerFromEnv.
 */
export const invoiceIssuerEnvSchema = z.object({
  /** Prefix of every invoice number; changing it starts new number series. */
  INVOICE_ISSUER_CODE: z
    .string()
    .regex(ISSUER_CODE_PATTERN, "2–8 upper-case letters or digits, starting with a letter")
    .default(DEFAULT_INVOICE_ISSUER.code),
  /** Printed as the issuer; unset or blank is the platform's name (never the code). */
  INVOICE_ISSUER_NAME: z.string().trim().max(200).optional(),
  /** Address lines separated by "|", e.g. "1 Main St|Springfield|USA". */
  INVOICE_ISSUER_ADDRESS: z.string().max(1000).default(""),
  INVOICE_ISSUER_EMAIL: z.email().optional(),
  INVOICE_ISSUER_TAX_ID: z.string().trim().min(1).max(100).optional(),
});

export function invoiceIssuerFromEnv(env: z.infer<typeof invoiceIssuerEnvSchema>): InvoiceIssuer {
  return {
    code: env.INVOICE_ISSUER_CODE,
    name:
      env.INVOICE_ISSUER_NAME === undefined || env.INVOICE_ISSUER_NAME === ""
        ? DEFAULT_INVOICE_ISSUER.name
        : env.INVOICE_ISSUER_NAME,
    addressLines: env.INVOICE_ISSUER_ADDRESS.split("|")
      .map((line) => line.trim())
      .filter((line) => line !== ""),
    email: env.INVOICE_ISSUER_EMAIL ?? null,
    taxId: env.INVOICE_ISSUER_TAX_ID ?? null,
  };
}
