import { INVOICE_LINE_SECTIONS, TOKEN_TYPES } from "@tollgate/domain";
import { z } from "zod";
import { uuidParam } from "../admin-fields.ts";

export const invoiceIdParam = uuidParam("invoice");

const money = (what: string) => z.string().describe(`${what}: decimal string rounded to the currency's minor unit`);

export const creditNoteOutput = z.object({
  id: z.uuid(),
  number: z.string().describe("gapless per issuer and year, e.g. TG-CN-2026-000007"),
  invoice_id: z.uuid(),
  amount: money("credited"),
  currency: z.string(),
  reason: z.string(),
  created_at: z.string(),
});

export const invoiceOutput = z.object({
  id: z.uuid().nullable().describe("null for the upcoming (live draft) invoice"),
  tenant_id: z.uuid(),
  number: z.string().nullable().describe("gapless per issuer and year, e.g. TG-2026-000042; null while a draft"),
  issuer: z.string().describe("the issuer's code: the prefix of its numbers; issued_by names the issuer"),
  status: z.enum(["draft", "finalized", "paid", "void"]),
  currency: z.string(),
  period_start: z.string().describe("billing period start (inclusive, UTC)"),
  period_end: z.string().describe("billing period end (exclusive)"),
  subtotal: money("Σ charge lines"),
  credits_applied: money("Σ credit lines, ≤ 0"),
  tax_rate: z.string().describe("fraction, e.g. 0.2 for 20 %"),
  tax: money("tax on subtotal + credits"),
  total: money("subtotal + credits_applied + tax"),
  amount_due: money("total less credit notes; 0 once paid or void"),
  issued_at: z.string().nullable(),
  due_at: z.string().nullable(),
  paid_at: z.string().nullable(),
  payment_reference: z.string().nullable(),
  voided_at: z.string().nullable(),
  void_reason: z.string().nullable(),
  replaces_invoice_id: z.uuid().nullable().describe("the void invoice this one was regenerated from"),
  lines: z.array(
    z.object({
      position: z.number().int(),
      section: z.enum(INVOICE_LINE_SECTIONS),
      description: z.string(),
      model_id: z.string().nullable(),
      token_type: z.enum(TOKEN_TYPES).nullable(),
      plan_version_id: z.uuid().nullable(),
      quantity: z.string().nullable().describe("tokens (or requests for fees), integer string"),
      unit_price_per_million: z.string().nullable().describe("exact average price per 1M tokens of the line"),
      amount: money("the line"),
      exact_amount: z.string().describe("the unrounded sum of the ledger entries behind the line"),
      origin_period_start: z.string().nullable().describe("late usage: the period the usage happened in"),
      details: z.array(z.string()),
    }),
  ),
  credit_notes: z.array(creditNoteOutput),
});

export const issuedByOutput = z
  .object({
    name: z.string(),
    address_lines: z.array(z.string()),
    email: z.string().nullable(),
    tax_id: z.string().nullable(),
  })
  .describe("the issuer as printed on the invoice (INVOICE_ISSUER_*)");

export const invoicePageOutput = z.object({
  invoices: z
    .array(invoiceOutput)
    .describe("newest first: by issued_at, then (invoices issued at the same instant) by number, both descending"),
  next_cursor: z.string().nullable().describe("pass as cursor for the next page; null on the last"),
});

export const invoiceStatusFilter = z
  .enum(["finalized", "paid", "void"], { error: "must be finalized, paid or void" })
  .optional();

export const pageLimit = z.coerce
  .number({ error: "must be a whole number from 1 to 200" })
  .int("must be a whole number from 1 to 200")
  .min(1, "must be a whole number from 1 to 200")
  .max(200, "must be a whole number from 1 to 200")
  .optional()
  .describe("page size, default 50");

export const pageCursor = z.string().max(200).optional().describe("next_cursor of the previous page");
