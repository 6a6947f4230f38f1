// Entry point @tollgate/use-cases/usage.
export * from "./list-usage-events.ts";
export * from "./resolve-usage-read-tenant.ts";
export * from "./summarize-usage.ts";
export * from "./usage-reads.ts";
export * from "./forecast-spend.ts";
