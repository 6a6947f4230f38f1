export * from "./document-number.ts";
export * from "./invoice-lines.ts";
export * from "./period-spend-text.ts";
export * from "./tier-breakdown.ts";
export * from "./utc-dates.ts";
