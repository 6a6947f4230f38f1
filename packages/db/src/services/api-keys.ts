import type { ApiKeyScope } from "../generated/prisma/enums.ts";
import { generateApiKey, parseApiKey } from "../auth/api-key-format.ts";
import { hexDigestsEqual } from "../auth/secrets.ts";
import type { DbOrTx } from "../client.ts";
import type { Principal } from "./principal.ts";

export interface CreateApiKeyInput {
  tenantId: string | null;
  name: string;
  scopes: ApiKeyScope[];
  expiresAt?: Date | null;
}

export async function createApiKey(db: DbOrTx, input: CreateApiKeyInput) {
  const key = generateApiKey();
  const apiKey = await db.apiKey.create({
    data: {
      tenantId: input.tenantId,
      name: input.name,
      scopes: input.scopes,
      prefix: key.prefix,
      secretHash: key.secretHash,
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { apiKey, plaintext: key.plaintext };
}

export interface ApiKeyLookup {
  principal: Principal & { kind: "api_key" };
  /** When the key stops working on its own (null: never); caches must not keep it past this. */
  expiresAt: Date | null;
}

/** Resolves a presented key; null for malformed, unknown, revoked or expired keys. */
export async function lookUpApiKey(db: DbOrTx, presented: string, now = new Date()): Promise<ApiKeyLookup | null> {
  const parsed = parseApiKey(presented);
  if (!parsed) return null;
  const apiKey = await db.apiKey.findUnique({ where: { prefix: parsed.prefix } });
  if (!apiKey || apiKey.revokedAt || !hexDigestsEqual(apiKey.secretHash, parsed.secretHash)) return null;
  if (apiKey.expiresAt && apiKey.expiresAt <= now) return null;
  return {
    principal: {
      kind: "api_key",
      keyId: apiKey.id,
      prefix: apiKey.prefix,
      tenantId: apiKey.tenantId,
      scopes: apiKey.scopes,
    },
    expiresAt: apiKey.expiresAt,
  };
}

/** Resolves a presented key to a principal; null for malformed, unknown, revoked or expired keys. */
export async function authenticateApiKey(db: DbOrTx, presented: string): Promise<Principal | null> {
  return (await lookUpApiKey(db, presented))?.principal ?? null;
}

export interface RevokeApiKeyOptions {
  at?: Date;
  /**
   * Pushes the revocation to every service's key cache (e.g. `publishApiKeyRevocation` from @tollgate/queues), so it
   * takes effect at once rather than at the cache TTL. Runs after the update; pass a db, not an open transaction, or
   * caches could re-read the key before the revocation commits.
   */
  announce?: (keyId: string) => Promise<void>;
}

export async function revokeApiKey(db: DbOrTx, keyId: string, options: RevokeApiKeyOptions = {}) {
  const apiKey = await db.apiKey.update({ where: { id: keyId }, data: { revokedAt: options.at ?? new Date() } });
  await options.announce?.(keyId);
  return apiKey;
}
