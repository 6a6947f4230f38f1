// Entry point @tollgate/use-cases/credits.
export * from "./create-credit-grant.ts";
export type { CreditGrantOptions, CreditGrantStatus, CreditGrantView } from "./credit-grant-row.ts";
export * from "./list-credit-grants.ts";
export * from "./void-credit-grant.ts";
export * from "./credit-grant-history.ts";
export * from "./credit-depletion-forecast.ts";
