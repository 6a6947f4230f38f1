export * from "./reservation-terms.ts";
export * from "./credit-totals.ts";
