// Entry point @tollgate/use-cases/tenants.
export * from "./create-tenant.ts";
export * from "./get-tenant.ts";
export * from "./list-tenants.ts";
export * from "./set-tenant-billing.ts";
export * from "./list-tenant-overview.ts";
export * from "./get-billing-details.ts";
export * from "./set-low-credit-alert-days.ts";
