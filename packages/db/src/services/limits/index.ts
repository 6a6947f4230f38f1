export * from "./reservation-terms.ts";
