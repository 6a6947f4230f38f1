export * from "./document-number.ts";
export * from "./invoice-lines.ts";
