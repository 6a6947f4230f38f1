import { money } from "@tollgate/domain";
import type { RouterOutputs } from "./router-types.ts";

export type InvoiceView = RouterOutputs["invoices"]["list"]["invoices"][number];
export type InvoiceLine = InvoiceView["lines"][number];
export type InvoiceStatus = InvoiceView["status"];
export type IssuedBy = RouterOutputs["invoices"]["get"]["issued_by"];

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: "Draft",
  finalized: "Open",
  paid: "Paid",
  void: "Void",
};

export const INVOICE_STATUS_COLORS: Record<InvoiceStatus, "gray" | "blue" | "green" | "red"> = {
  draft: "gray",
  finalized: "blue",
  paid: "green",
  void: "red",
};

/** An open invoice with something left to pay after its due date: said on the badge, not left to the reader. */
export function isOverdue(
  invoice: { status: InvoiceStatus; due_at?: string | null; amount_due?: string },
  now: number = Date.now(),
): boolean {
  return (
    invoice.status === "finalized" &&
    invoice.due_at !== undefined &&
    invoice.due_at !== null &&
    Date.parse(invoice.due_at) < now &&
    invoice.amount_due !== undefined &&
    money(invoice.amount_due).greaterThan(0)
  );
}
