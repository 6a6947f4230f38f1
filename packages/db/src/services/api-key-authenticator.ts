import { createHash, timingSafeEqual } from "node:crypto";
import type { DbOrTx } from "../client.ts";
import { authenticateApiKey } from "./api-keys.ts";
import type { Principal } from "./principal.ts";

export interface ApiKeyAuthenticatorOptions {
  /** TOLLGATE_OPERATOR_API_KEY: accepted as an operator key. */
  operatorKey?: string | undefined;
  /** How long a lookup (hit or miss) is reused; bounds how late a revocation takes effect if its push is missed. */
  ttlMs?: number;
  maxEntries?: number;
}

export interface ApiKeyAuthenticator {
  (presented: string): Promise<Principal | null>;
  /** Forgets a key at once (a revocation pushed through Redis); its next use is looked up again. */
  evictKey(keyId: string): void;
  /** Forgets everything (after missing pushes, e.g. on a Redis reconnect). */
  clear(): void;
}

const OPERATOR_PRINCIPAL: Principal = { kind: "operator_key", keyId: null, prefix: "env-operator" };

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Authenticates API keys without a Postgres round trip per request: results are cached per presented key for
 * `ttlMs` (default 5 s), and concurrent lookups of one key share a query. Cache keys are SHA-256 digests, so
 * plaintext keys are not kept in memory longer than needed.
 */
export function createApiKeyAuthenticator(db: DbOrTx, options: ApiKeyAuthenticatorOptions = {}): ApiKeyAuthenticator {
  const ttlMs = options.ttlMs ?? 5000;
  const maxEntries = options.maxEntries ?? 10_000;
  const operatorDigest = options.operatorKey ? digest(options.operatorKey) : null;
  const cache = new Map<string, { principal: Principal | null; expiresAt: number }>();
  const lookups = new Map<string, Promise<Principal | null>>();
  // Bumped by every eviction: a lookup that started before one may have read the key before its revocation, so
  // its result is returned once but not cached.
  let generation = 0;

  const lookUp = async (presented: string, cacheKey: string): Promise<Principal | null> => {
    const startedAt = generation;
    const principal = await authenticateApiKey(db, presented);
    if (startedAt === generation) {
      if (cache.size >= maxEntries) cache.clear();
      cache.set(cacheKey, { principal, expiresAt: Date.now() + ttlMs });
    }
    return principal;
  };

  const authenticate = async (presented: string) => {
    const presentedDigest = digest(presented);
    if (operatorDigest && timingSafeEqual(presentedDigest, operatorDigest)) return OPERATOR_PRINCIPAL;
    const cacheKey = presentedDigest.toString("hex");
    const cached = cache.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;
    let lookup = lookups.get(cacheKey);
    if (!lookup) {
      const started = lookUp(presented, cacheKey).finally(() => {
        if (lookups.get(cacheKey) === started) lookups.delete(cacheKey);
      });
      lookups.set(cacheKey, started);
      lookup = started;
    }
    return lookup;
  };

  return Object.assign(authenticate, {
    evictKey(keyId: string) {
      generation += 1;
      lookups.clear();
      for (const [cacheKey, entry] of cache) {
        if (entry.principal?.kind !== "user" && entry.principal?.keyId === keyId) cache.delete(cacheKey);
      }
    },
    clear() {
      generation += 1;
      lookups.clear();
      cache.clear();
    },
  });
}
