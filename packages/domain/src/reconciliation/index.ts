export * from "./drift.ts";
export * from "./invoice-drift.ts";
export * from "./recent-periods.ts";
