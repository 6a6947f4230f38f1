import type { ApiKeyView } from "@tollgate/use-cases/api-keys";
import { z } from "zod";

export const apiKeyOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  /** Recorded in batches: up to a few seconds late. */
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const issuedApiKeyOutput = z.object({
  apiKey: apiKeyOutput,
  /** The full key, shown this once; only its hash is stored. */
  secret: z.string(),
});

export const keyIdInput = z.object({ keyId: z.uuid() });

export function toApiKeyOutput(key: ApiKeyView): z.infer<typeof apiKeyOutput> {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
