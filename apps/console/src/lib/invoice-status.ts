import type { RouterOutputs } from "./router-types.ts";

export type InvoiceView = RouterOutputs["invoices"]["list"]["invoices"][number];
export type InvoiceLine = InvoiceView["lines"][number];
export type InvoiceStatus = InvoiceView["status"];

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
