import { TENANT_KEY_SCOPES, type ApiKeyView } from "@tollgate/use-cases/api-keys";
import { z } from "zod";
import { rfc3339 } from "../admin-fields.ts";

export const API_KEYS_PATH = "/v1/admin/tenants/{tenantId}/api-keys";
export const API_KEY_PATH = `${API_KEYS_PATH}/{keyId}`;

export const keysTenantId = z.uuid("must be a tenant id (uuid)").transform((id) => id.toLowerCase());
export const keyParams = {
  tenantId: keysTenantId,
  keyId: z.uuid("must be an API key id (uuid)").transform((id) => id.toLowerCase()),
};

export const createApiKeyFields = {
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(TENANT_KEY_SCOPES)).min(1).describe("ingest, read or both"),
  expires_at: rfc3339.nullable().optional().describe("refused from this instant on; must be in the future"),
};

const MAX_GRACE_SECONDS = 30 * 24 * 3600;
export const rotateApiKeyFields = {
  grace_period_seconds: z
    .number()
    .int()
    .min(0)
    .max(MAX_GRACE_SECONDS)
    .optional()
    .describe("keep the old key working this long (default 0: revoked at once)"),
};

export const apiKeyBody = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe("public part of the key, tg_<16 hex>"),
  scopes: z.array(z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable().describe("recorded in batches: up to a few seconds late"),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export const apiKeysResponse = z.object({ api_keys: z.array(apiKeyBody) });
export const issuedApiKeyResponse = z.object({
  api_key: apiKeyBody,
  secret: z.string().describe("the full key, tg_<id>_<secret>; shown only here, only its hash is stored"),
});
export const rotatedApiKeyResponse = issuedApiKeyResponse.extend({
  previous: apiKeyBody.describe("the old key: revoked, or expiring at the end of the grace period"),
});

export function toApiKeyBody(key: ApiKeyView): z.infer<typeof apiKeyBody> {
  return {
    id: key.id,
    tenant_id: key.tenantId ?? "",
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    expires_at: key.expiresAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}
