import { type DbOrTx } from "@tollgate/db";
import { loadModelIdResolver } from "@tollgate/use-cases/catalog";
import { loadReservationTerms, type ReservationTerms } from "@tollgate/use-cases/limits";
import type { ModelIdResolver } from "@tollgate/domain";

export interface ReservationTermsCache {
  /** The catalog id a model name resolves to (or the name itself when nothing matches). */
  resolveModel(model: string): Promise<string>;
  terms(tenantId: string, modelId: string, now: Date): Promise<ReservationTerms>;
}

/**
 * Reservations must not read Postgres per call: the catalog resolver is reloaded every `catalogTtlMs` and each
 * (tenant, model)'s plan, override and budgets (with their spend as Postgres had it) every `termsTtlMs`. Spend and
 * holds that change within that time live in Redis, where the reserve script reads them, so a stale entry here
 * can only be late to see a changed budget amount or price, never under-count what is spent or held.
 */
export function createReservationTermsCache(
  db: DbOrTx,
  options: { termsTtlMs: number; catalogTtlMs: number },
): ReservationTermsCache {
  let resolver: { value: Promise<ModelIdResolver>; at: number } | null = null;
  const entries = new Map<string, { value: Promise<ReservationTerms>; at: number }>();
  const fresh = (entry: { at: number } | null | undefined, ttl: number): boolean =>
    entry !== null && entry !== undefined && Date.now() - entry.at < ttl;
  return {
    async resolveModel(model) {
      if (!fresh(resolver, options.catalogTtlMs)) {
        const value = loadModelIdResolver(db);
        resolver = { value, at: Date.now() };
        value.catch(() => {
          resolver = null;
        });
      }
      const resolve = await (resolver as { value: Promise<ModelIdResolver> }).value;
      return resolve(model) ?? model;
    },
    async terms(tenantId, modelId, now) {
      const key = `${tenantId}\u0000${modelId}`;
      const cached = entries.get(key);
      if (cached && fresh(cached, options.termsTtlMs)) return cached.value;
      const value = loadReservationTerms(db, tenantId, modelId, now);
      entries.set(key, { value, at: Date.now() });
      value.catch(() => entries.delete(key));
      // Bounded: drop expired entries once the map grows.
      if (entries.size > 10_000) {
        for (const [k, e] of entries) if (!fresh(e, options.termsTtlMs)) entries.delete(k);
      }
      return value;
    },
  };
}
