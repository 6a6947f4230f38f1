import { useSearch } from "@tanstack/react-router";
import { useSignedInUser } from "./signed-in-user.ts";

/** Whose pages are shown, and whether the viewer may change anything on them. */
export interface TenantScope {
  /** Undefined only for an operator who has not picked a tenant yet. */
  tenantId: string | undefined;
  isOperator: boolean;
  /**
   * Tenant admins change their own tenant; viewers never. Operators see a tenant's pages read-only: they act on
   * tenants from the operator pages, where every change is an audited operator action.
   */
  canWrite: boolean;
}

export function useTenantScope(): TenantScope {
  const user = useSignedInUser();
  const search = useSearch({ from: "/signed-in" });
  if (user.role === "operator") return { tenantId: search.tenant, isOperator: true, canWrite: false };
  return { tenantId: user.tenant?.id, isOperator: false, canWrite: user.role === "tenant_admin" };
}
