// Entry point @tollgate/use-cases/limits.
export * from "./credit-totals.ts";
export * from "./reservation-terms.ts";
