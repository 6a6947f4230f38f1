// Entry point @tollgate/use-cases/pipeline.
export * from "./get-pipeline-health.ts";
export * from "./ingest-lag.ts";
export type * from "./pipeline-probe.ts";
