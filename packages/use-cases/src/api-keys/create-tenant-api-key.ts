import { AppError, TENANT_API_KEY_SCOPES } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { createApiKey } from "./api-key-store.ts";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import type { TenantKeyScope } from "../access/principal.ts";
import { requireTenant } from "./tenant-key.ts";
import { toApiKeyView, type ApiKeyView } from "./api-key-view.ts";

/** The scopes a tenant key may carry; `admin` is for operator keys only. */
export const TENANT_KEY_SCOPES = TENANT_API_KEY_SCOPES satisfies readonly TenantKeyScope[];

export interface CreateTenantApiKeyInput {
  tenantId: string;
  name: string;
  scopes: readonly TenantKeyScope[];
  /** Must be in the future; null or absent: never expires. */
  expiresAt?: Date | null;
  /** Who asks, for the audit log (see actorOf). */
  actor: string;
}

export interface IssuedApiKey {
  apiKey: ApiKeyView;
  /** The full key; shown this once, only its hash is stored. */
  secret: string;
}

/** Issues a tenant API key; audited. */
export async function createTenantApiKey(
  db: Db,
  input: CreateTenantApiKeyInput,
  now = new Date(),
): Promise<IssuedApiKey> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new AppError("bad_request", "name: 1 to 100 characters");
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0 || !scopes.every((scope) => TENANT_KEY_SCOPES.includes(scope))) {
    throw new AppError("bad_request", `scopes: one or more of ${TENANT_KEY_SCOPES.join(", ")}`);
  }
  if (input.expiresAt && input.expiresAt <= now) throw new AppError("bad_request", "expires_at: must be in the future");
  return db.$transaction(async (tx) => {
    await requireTenant(tx, input.tenantId);
    const { apiKey, plaintext } = await createApiKey(tx, {
      tenantId: input.tenantId,
      name,
      scopes,
      expiresAt: input.expiresAt ?? null,
    });
    const view = toApiKeyView(apiKey);
    await writeAuditLog(tx, {
      actor: input.actor,
      action: "api_key.create",
      tenantId: input.tenantId,
      targetType: "api_key",
      targetId: apiKey.id,
      before: null,
      after: view,
    });
    return { apiKey: view, secret: plaintext };
  });
}
