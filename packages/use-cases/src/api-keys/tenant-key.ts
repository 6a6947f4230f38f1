import { AppError } from "@tollgate/domain";
import type { DbOrTx, ApiKey } from "@tollgate/db";

/** One of the tenant's keys; another tenant's key (or an operator key) is not found, never forbidden. */
export async function findTenantApiKey(db: DbOrTx, tenantId: string, keyId: string): Promise<ApiKey> {
  const key = await db.apiKey.findFirst({ where: { id: keyId, tenantId } });
  if (!key) throw new AppError("not_found", `API key ${keyId} not found`);
  return key;
}

export async function requireTenant(db: DbOrTx, tenantId: string): Promise<void> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
  if (!tenant) throw new AppError("not_found", `tenant ${tenantId} not found`);
}
