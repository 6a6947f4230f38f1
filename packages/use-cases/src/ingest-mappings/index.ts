// Entry point @tollgate/use-cases/ingest-mappings.
export * from "./delete-ingest-mapping.ts";
export * from "./ingest-mapping-cache.ts";
export type { IngestMappingView } from "./ingest-mapping-view.ts";
export * from "./list-ingest-mappings.ts";
export * from "./put-ingest-mapping.ts";
