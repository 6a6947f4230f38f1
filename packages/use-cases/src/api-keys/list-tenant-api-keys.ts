import type { DbOrTx } from "@tollgate/db";
import { requireTenant } from "./tenant-key.ts";
import { toApiKeyView, type ApiKeyView } from "./api-key-view.ts";

/** The tenant's keys, newest first, revoked and expired ones included (their dates say so). */
export async function listTenantApiKeys(db: DbOrTx, tenantId: string): Promise<ApiKeyView[]> {
  await requireTenant(db, tenantId);
  const keys = await db.apiKey.findMany({ where: { tenantId }, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  return keys.map(toApiKeyView);
}
