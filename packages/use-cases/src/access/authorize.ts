import { AppError } from "@tollgate/domain";
import { isOperator, type OperatorPrincipal, type Principal } from "./principal.ts";

/**
 * What a request needs, the only vocabulary transports use to ask for access:
 * - `operator`: operator keys and operator users only (tenants, pricing, catalog, queues, mappings);
 * - `tenant_read`: read one tenant's data (tenant keys with `read`, tenant_admin, tenant_viewer, operators);
 * - `tenant_write`: change one tenant's data (tenant_admin, operators; never tenant_viewer, never a tenant key);
 * - `ingest`: send one tenant's events (tenant keys with `ingest` only; an operator key never ingests).
 */
export type AccessNeed = "operator" | TenantNeed;
export type TenantNeed = "tenant_read" | "tenant_write" | "ingest";

/** What a tenant's key scope or user role grants inside its own tenant: the one table of tenant permissions. */
const TENANT_GRANTS = {
  key: { read: ["tenant_read"], ingest: ["ingest"] },
  user: { tenant_admin: ["tenant_read", "tenant_write"], tenant_viewer: ["tenant_read"] },
} as const satisfies {
  key: Record<string, readonly TenantNeed[]>;
  user: Record<string, readonly TenantNeed[]>;
};

/** The key scope that grants a need (no scope grants `tenant_write`: keys read and ingest, people change things). */
const SCOPE_FOR = { tenant_read: "read", ingest: "ingest" } as const;

function tenantGrants(principal: Exclude<Principal, OperatorPrincipal>): readonly TenantNeed[] {
  if (principal.kind === "api_key") return principal.scopes.flatMap((scope) => TENANT_GRANTS.key[scope]);
  return principal.role === "operator" ? [] : TENANT_GRANTS.user[principal.role];
}

function refusal(principal: Principal, need: TenantNeed): AppError {
  if (principal.kind === "api_key") {
    return need === "tenant_write"
      ? new AppError("forbidden", "an API key cannot change a tenant's settings; sign in as a tenant admin")
      : new AppError("forbidden", `this key lacks the '${SCOPE_FOR[need]}' scope`);
  }
  if (need === "ingest")
    return new AppError("forbidden", "events are sent with a tenant key that has the 'ingest' scope");
  return new AppError("forbidden", "your role is read-only");
}

/**
 * The one authorization decision for tRPC and REST. `operator` returns the operator principal; a tenant need
 * returns the tenant the request acts on: a tenant principal's own (naming another tenant is `forbidden`, never
 * silently narrowed), or the one an operator names (`bad_request` when none is named; operators never ingest).
 * `unauthenticated` without a principal. Pure: checking that a named tenant exists is the caller's.
 */
export function authorize(principal: Principal | null | undefined, need: "operator"): OperatorPrincipal;
export function authorize(
  principal: Principal | null | undefined,
  need: TenantNeed,
  requestedTenantId?: string,
): string;
export function authorize(
  principal: Principal | null | undefined,
  need: AccessNeed,
  requestedTenantId?: string,
): OperatorPrincipal | string {
  if (!principal) throw new AppError("unauthenticated", "sign in, or send an API key as Authorization: Bearer <key>");
  if (need === "operator") {
    if (isOperator(principal)) return principal;
    throw new AppError("forbidden", "operators only");
  }
  if (isOperator(principal)) {
    if (need === "ingest") throw new AppError("forbidden", "events must be sent with a tenant key, not an operator's");
    if (!requestedTenantId) throw new AppError("bad_request", "tenant id is required for operators");
    return requestedTenantId;
  }
  const { tenantId } = principal;
  if (!tenantId) throw new AppError("forbidden", "this principal belongs to no tenant");
  if (!tenantGrants(principal).includes(need)) throw refusal(principal, need);
  if (requestedTenantId !== undefined && requestedTenantId.toLowerCase() !== tenantId.toLowerCase()) {
    throw new AppError("forbidden", "not your tenant: a tenant may act only on its own data");
  }
  return tenantId;
}
