import { createHash, timingSafeEqual } from "node:crypto";
import type { DbOrTx } from "../client.ts";
import { authenticateApiKey } from "./api-keys.ts";
import type { Principal } from "./principal.ts";

export interface ApiKeyAuthenticatorOptions {
  /** TOLLGATE_OPERATOR_API_KEY: accepted as an operator `admin` key. */
  operatorKey?: string | undefined;
  /** How long a lookup (hit or miss) is reused; bounds how late a revocation takes effect. */
  ttlMs?: number;
  maxEntries?: number;
}

export type ApiKeyAuthenticator = (presented: string) => Promise<Principal | null>;

const OPERATOR_PRINCIPAL: Principal = {
  kind: "api_key",
  keyId: null,
  prefix: "env-operator",
  tenantId: null,
  scopes: ["admin"],
};

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Authenticates API keys without a Postgres round trip per request: results are cached per presented key for
 * `ttlMs` (default 5 s). Cache keys are SHA-256 digests, so plaintext keys are not kept in memory longer than needed.
 */
export function createApiKeyAuthenticator(db: DbOrTx, options: ApiKeyAuthenticatorOptions = {}): ApiKeyAuthenticator {
  const ttlMs = options.ttlMs ?? 5000;
  const maxEntries = options.maxEntries ?? 10_000;
  const operatorDigest = options.operatorKey ? digest(options.operatorKey) : null;
  const cache = new Map<string, { principal: Principal | null; expiresAt: number }>();

  return async (presented) => {
    const presentedDigest = digest(presented);
    if (operatorDigest && timingSafeEqual(presentedDigest, operatorDigest)) return OPERATOR_PRINCIPAL;
    const cacheKey = presentedDigest.toString("hex");
    const now = Date.now();
    const cached = cache.get(cacheKey);
    if (cached && cached.expiresAt > now) return cached.principal;
    const principal = await authenticateApiKey(db, presented);
    if (cache.size >= maxEntries) cache.clear();
    cache.set(cacheKey, { principal, expiresAt: now + ttlMs });
    return principal;
  };
}
