// Entry point @tollgate/use-cases/invoices.
export { TENANT_BILLING_LOCK_CLASS } from "./billing-lock.ts";
export { finalizesAt, firstOpenPeriod, loadTenantBilling, type TenantBilling } from "./billing-periods.ts";
export * from "./close-billing-period.ts";
export * from "./create-credit-note.ts";
export * from "./get-invoice.ts";
export * from "./get-upcoming-invoice.ts";
export * from "./invoice-issuer.ts";
export type { CreditNoteView, InvoiceLineView, InvoiceView } from "./invoice-view.ts";
export * from "./list-invoices.ts";
export * from "./mark-invoice-paid.ts";
export * from "./regenerate-invoice.ts";
export * from "./void-invoice.ts";
export * from "./tenants-due-for-close.ts";
export * from "./invoice-files.ts";
