import { Badge } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { INVOICE_STATUS_COLORS, INVOICE_STATUS_LABELS, isOverdue, type InvoiceStatus } from "../lib/invoice-status.ts";

/** The invoice's status ("Open", "Paid", …), "Open · overdue" in orange once its due date has passed unpaid. */
export function InvoiceStatusBadge({
  invoice,
  testId,
}: {
  invoice: { status: InvoiceStatus; due_at?: string | null; amount_due?: string };
  testId?: string;
}): ReactNode {
  const overdue = isOverdue(invoice);
  return (
    <Badge highContrast color={overdue ? "orange" : INVOICE_STATUS_COLORS[invoice.status]} data-testid={testId}>
      {INVOICE_STATUS_LABELS[invoice.status]}
      {overdue ? " · overdue" : ""}
    </Badge>
  );
}
