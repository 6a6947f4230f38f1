// Entry point @tollgate/use-cases/ingest-mappings.
export * from "./ingest-mapping-cache.ts";
export * from "./ingest-mappings.ts";
