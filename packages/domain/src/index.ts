export * from "./errors.ts";
export * from "./ingest-mapping.ts";
export * from "./money.ts";
export * from "./pricing/index.ts";
export * from "./provider-usage/index.ts";
export * from "./rating.ts";
export * from "./token-types.ts";
export * from "./usage-event.ts";
