import type { IngestMappingConfig, IngestMappingSource } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { listIngestMappings } from "./list-ingest-mappings.ts";

export interface IngestMappingLookupOptions {
  /** How long one tenant's mappings are reused; a change takes effect within this time. */
  ttlMs?: number;
  maxTenants?: number;
}

/** One tenant's mappings for one source, by code / event name. */
export type TenantMappings<S extends IngestMappingSource> = ReadonlyMap<string, IngestMappingConfig<S>>;

export type IngestMappingLookup = <S extends IngestMappingSource>(
  tenantId: string,
  source: S,
) => Promise<TenantMappings<S>>;

/**
 * Reads a tenant's mappings without a Postgres round trip per request: each (tenant, source) is loaded once per
 * `ttlMs` (default 5 s), and concurrent requests share the query.
 */
export function createIngestMappingLookup(db: DbOrTx, options: IngestMappingLookupOptions = {}): IngestMappingLookup {
  const ttlMs = options.ttlMs ?? 5000;
  const maxTenants = options.maxTenants ?? 10_000;
  // Entries are keyed by source, so each holds the configs of that source only.
  const cache = new Map<string, { mappings: Promise<ReadonlyMap<string, unknown>>; expiresAt: number }>();

  const load = async (tenantId: string, source: IngestMappingSource): Promise<ReadonlyMap<string, unknown>> => {
    const rows = await listIngestMappings(db, tenantId, source);
    return new Map(rows.map((row) => [row.key, row.config]));
  };

  return <S extends IngestMappingSource>(tenantId: string, source: S) => {
    const cacheKey = `${tenantId}/${source}`;
    const cached = cache.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return cached.mappings as Promise<TenantMappings<S>>;
    if (cache.size >= maxTenants) cache.clear();
    const mappings = load(tenantId, source);
    cache.set(cacheKey, { mappings, expiresAt: Date.now() + ttlMs });
    // A failed load is not cached: the next request tries again.
    mappings.catch(() => {
      if (cache.get(cacheKey)?.mappings === mappings) cache.delete(cacheKey);
    });
    return mappings as Promise<TenantMappings<S>>;
  };
}
