import type { ApiKeyScope, UserRole } from "@tollgate/db";

/** The scopes a tenant's key may hold; `admin` belongs to operator keys only (enforced by a CHECK in Postgres). */
export type TenantKeyScope = Exclude<ApiKeyScope, "admin">;

/** An operator API key: a stored key without a tenant, or TOLLGATE_OPERATOR_API_KEY (keyId null). */
export interface OperatorKeyPrincipal {
  kind: "operator_key";
  keyId: string | null;
  prefix: string;
}

/** A tenant's API key: always bound to its tenant, never an operator whatever its scopes. */
export interface TenantKeyPrincipal {
  kind: "api_key";
  keyId: string | null;
  prefix: string;
  tenantId: string;
  scopes: TenantKeyScope[];
}

/** A console user; operators have no tenant, tenant roles always have one (a CHECK on users). */
export interface UserPrincipal {
  kind: "user";
  userId: string;
  email: string;
  role: UserRole;
  tenantId: string | null;
}

/** Who is calling. Transports build one; `authorize` (access.ts) decides what it may do. */
export type Principal = OperatorKeyPrincipal | TenantKeyPrincipal | UserPrincipal;

export type OperatorPrincipal = OperatorKeyPrincipal | (UserPrincipal & { role: "operator" });

/** True only for operator keys and operator users: a tenant's key or user never is one. */
export function isOperator(principal: Principal): principal is OperatorPrincipal {
  return principal.kind === "operator_key" || (principal.kind === "user" && principal.role === "operator");
}

export function actorOf(principal: Principal): string {
  return principal.kind === "user" ? `user:${principal.userId}` : `api_key:${principal.prefix}`;
}
