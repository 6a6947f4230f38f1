import type { ApiKey, ApiKeyScope } from "@tollgate/db";

/** What may be shown about a key: never its hash, never its secret. */
export interface ApiKeyView {
  id: string;
  tenantId: string | null;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export function toApiKeyView(key: ApiKey): ApiKeyView {
  return {
    id: key.id,
    tenantId: key.tenantId,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
  };
}

/** Tells every service's key cache to forget a key now (e.g. `publishApiKeyRevocation` from @tollgate/queues). */
export type AnnounceKeyRevocation = (keyId: string) => Promise<void>;
