import { createHash, timingSafeEqual } from "node:crypto";
import type { DbOrTx } from "@tollgate/db";
import { isApiKeyShaped } from "./api-key-format.ts";
import type { ApiKeyUsageRecorder } from "./api-key-usage-recorder.ts";
import { lookUpApiKey } from "./api-key-store.ts";
import { BoundedCache } from "../shared/bounded-cache.ts";
import type { Principal } from "../access/principal.ts";

export interface ApiKeyAuthenticatorOptions {
  /** TOLLGATE_OPERATOR_API_KEY: accepted as an operator key. */
  operatorKey?: string | undefined;
  /** How long a valid key is reused; bounds how late a revocation takes effect if its push is missed. */
  ttlMs?: number;
  /** Valid keys kept (least recently used go first; default 10,000). */
  maxEntries?: number;
  /** How long an unknown, revoked or expired key's refusal is reused (default: the smaller of ttlMs and 2 s). */
  negativeTtlMs?: number;
  /** Refusals kept (default 10,000); kept apart from valid keys, so random keys never evict a valid one. */
  maxNegativeEntries?: number;
  /** Told about every key that authenticates, for its `last_used_at` (written in batches). */
  usage?: Pick<ApiKeyUsageRecorder, "note">;
}

export interface ApiKeyAuthenticator {
  (presented: string): Promise<Principal | null>;
  /** Forgets a key at once (a revocation pushed through Redis); its next use is looked up again. */
  evictKey(keyId: string): void;
  /** Forgets everything (after missing pushes, e.g. on a Redis reconnect). */
  clear(): void;
  /** Entries held now (for tests and metrics): both caches are bounded. */
  cacheSizes(): { known: number; unknown: number };
}

const OPERATOR_PRINCIPAL: Principal = { kind: "operator_key", keyId: null, prefix: "env-operator" };

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Authenticates API keys without a Postgres round trip per request: valid keys are cached per presented key for
 * `ttlMs` (default 5 s, never past the key's own expiry) in a bounded LRU; refusals in a separate, shorter-lived and
 * bounded cache; concurrent lookups of one key share a query. Strings not shaped like a key never reach Postgres.
 * Cache keys are SHA-256 digests, so plaintext keys are not kept in memory longer than needed.
 */
export function createApiKeyAuthenticator(db: DbOrTx, options: ApiKeyAuthenticatorOptions = {}): ApiKeyAuthenticator {
  const ttlMs = options.ttlMs ?? 5000;
  const negativeTtlMs = options.negativeTtlMs ?? Math.min(ttlMs, 2000);
  const operatorDigest = options.operatorKey ? digest(options.operatorKey) : null;
  const known = new BoundedCache<Principal>(ttlMs > 0 ? (options.maxEntries ?? 10_000) : 0);
  const unknown = new BoundedCache<null>(negativeTtlMs > 0 ? (options.maxNegativeEntries ?? 10_000) : 0);
  const lookups = new Map<string, Promise<Principal | null>>();
  // Bumped by every eviction: a lookup that started before one may have read the key before its revocation, so
  // its result is returned once but not cached.
  let generation = 0;

  const lookUp = async (presented: string, cacheKey: string): Promise<Principal | null> => {
    const startedAt = generation;
    const found = await lookUpApiKey(db, presented);
    if (startedAt === generation) {
      const now = Date.now();
      if (found) known.set(cacheKey, found.principal, Math.min(now + ttlMs, found.expiresAt?.getTime() ?? Infinity));
      else unknown.set(cacheKey, null, now + negativeTtlMs);
    }
    return found?.principal ?? null;
  };

  const resolve = async (presented: string): Promise<Principal | null> => {
    const presentedDigest = digest(presented);
    if (operatorDigest && timingSafeEqual(presentedDigest, operatorDigest)) return OPERATOR_PRINCIPAL;
    if (!isApiKeyShaped(presented)) return null;
    const cacheKey = presentedDigest.toString("hex");
    const now = Date.now();
    const cached = known.get(cacheKey, now);
    if (cached) return cached;
    if (unknown.get(cacheKey, now) === null) return null;
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

  const authenticate = async (presented: string) => {
    const principal = await resolve(presented);
    if (principal && principal.kind !== "user" && principal.keyId) options.usage?.note(principal.keyId);
    return principal;
  };

  return Object.assign(authenticate, {
    evictKey(keyId: string) {
      generation += 1;
      lookups.clear();
      known.deleteWhere((principal) => principal.kind !== "user" && principal.keyId === keyId);
    },
    clear() {
      generation += 1;
      lookups.clear();
      known.clear();
      unknown.clear();
    },
    cacheSizes() {
      return { known: known.size, unknown: unknown.size };
    },
  });
}
