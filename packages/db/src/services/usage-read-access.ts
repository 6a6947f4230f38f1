import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "../client.ts";
import { isOperator, type Principal } from "./principal.ts";

/**
 * The tenant whose usage `principal` may read. Operators (admin scope, operator users) read the tenant they name,
 * or their own; everyone else reads only their own tenant, and an API key needs the `read` scope for it.
 * Naming another tenant is refused (403), never silently narrowed to one's own.
 */
export async function resolveUsageReadTenant(
  db: DbOrTx,
  principal: Principal,
  requestedTenantId: string | undefined,
): Promise<string> {
  if (isOperator(principal)) {
    const tenantId = requestedTenantId ?? principal.tenantId;
    if (!tenantId) throw new AppError("bad_request", "tenant_id is required with an operator key");
    const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
    if (!tenant) throw new AppError("not_found", `no tenant ${tenantId}`);
    return tenant.id;
  }
  if (principal.kind === "api_key" && !principal.scopes.includes("read")) {
    throw new AppError("forbidden", "this key lacks the 'read' scope");
  }
  if (!principal.tenantId) throw new AppError("forbidden", "this key belongs to no tenant");
  if (requestedTenantId !== undefined && requestedTenantId !== principal.tenantId) {
    throw new AppError("forbidden", "a tenant key can read only its own tenant");
  }
  return principal.tenantId;
}
