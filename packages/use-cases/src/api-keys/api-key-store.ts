import { AppError } from "@tollgate/domain";
import type { ApiKeyScope, DbOrTx } from "@tollgate/db";
import { generateApiKey, parseApiKey } from "./api-key-format.ts";
import { hexDigestsEqual } from "../accounts/secrets.ts";
import type { Principal, TenantKeyScope } from "../access/principal.ts";

export interface CreateApiKeyInput {
  tenantId: string | null;
  name: string;
  scopes: ApiKeyScope[];
  expiresAt?: Date | null;
}

/**
 * A key either belongs to a tenant (and never holds `admin`) or is an operator's (no tenant, `admin`): the database
 * refuses any other combination too (api_keys_operator_xor_tenant).
 */
function checkKeyShape(input: CreateApiKeyInput): void {
  const admin = input.scopes.includes("admin");
  if (input.tenantId !== null && admin) {
    throw new AppError("bad_request", "scopes: a tenant key cannot hold 'admin' (operator keys have no tenant)");
  }
  if (input.tenantId === null && !admin) {
    throw new AppError("bad_request", "scopes: a key without a tenant is an operator key and must hold 'admin'");
  }
}

export async function createApiKey(db: DbOrTx, input: CreateApiKeyInput) {
  checkKeyShape(input);
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
  principal: Principal & { kind: "api_key" | "operator_key" };
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
  return { principal: keyPrincipal(apiKey), expiresAt: apiKey.expiresAt };
}

function keyPrincipal(apiKey: { id: string; prefix: string; tenantId: string | null; scopes: ApiKeyScope[] }) {
  if (apiKey.tenantId === null) return { kind: "operator_key" as const, keyId: apiKey.id, prefix: apiKey.prefix };
  // The CHECK keeps `admin` off tenant keys; filtering it too means a tenant key can never be read as an operator's.
  const scopes = apiKey.scopes.filter((scope): scope is TenantKeyScope => scope !== "admin");
  return { kind: "api_key" as const, keyId: apiKey.id, prefix: apiKey.prefix, tenantId: apiKey.tenantId, scopes };
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
