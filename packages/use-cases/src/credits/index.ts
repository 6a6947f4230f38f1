// Entry point @tollgate/use-cases/credits.
export * from "./credit-grants.ts";
