// Entry point @tollgate/use-cases/usage.
export * from "./list-usage-events.ts";
export * from "./resolve-usage-read-tenant.ts";
export * from "./summarize-usage.ts";
export * from "./usage-reads.ts";
export * from "./explore-labels.ts";
export * from "./explore-options.ts";
export * from "./explore-query.ts";
export * from "./explore-usage.ts";
export * from "./forecast-spend.ts";
export * from "./rollup-source.ts";
export { LATE_USAGE_MARGIN } from "./late-usage-margin.ts";
export * from "./refresh-local-day-rollups.ts";
export * from "./refresh-hourly-model-rollups.ts";
