import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { authorize } from "../access/authorize.ts";
import { isOperator, type Principal } from "../access/principal.ts";

/**
 * The tenant whose usage `principal` may read (`authorize(…, "tenant_read")`): a tenant's own, or the one an
 * operator names, which must exist (404 otherwise). Naming another tenant is refused (403), never silently narrowed.
 */
export async function resolveUsageReadTenant(
  db: DbOrTx,
  principal: Principal,
  requestedTenantId: string | undefined,
): Promise<string> {
  const tenantId = authorize(principal, "tenant_read", requestedTenantId);
  if (!isOperator(principal)) return tenantId;
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
  if (!tenant) throw new AppError("not_found", `no tenant ${tenantId}`);
  return tenant.id;
}
