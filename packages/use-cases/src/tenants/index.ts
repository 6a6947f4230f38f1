// Entry point @tollgate/use-cases/tenants.
export * from "./create-tenant.ts";
export * from "./set-tenant-billing.ts";
