// Entry point @tollgate/use-cases/overrides.
export * from "./create-tenant-override.ts";
export * from "./end-tenant-override.ts";
export * from "./list-tenant-overrides.ts";
export type { TenantOverrideView } from "./tenant-override-row.ts";
