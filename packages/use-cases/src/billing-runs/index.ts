// Entry point @tollgate/use-cases/billing-runs.
export * from "./billing-closes-port.ts";
export type {
  BillingRunStatus,
  BillingRunTenantStatus,
  BillingRunTenantView,
  BillingRunView,
} from "./billing-run-view.ts";
export * from "./count-tenants-due.ts";
export * from "./get-billing-run.ts";
export * from "./list-billing-runs.ts";
export * from "./retry-failed-billing-run.ts";
export { recordBillingCloseFailure } from "./run-outcomes.ts";
export * from "./start-billing-run.ts";
