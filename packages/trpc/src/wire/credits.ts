// The REST API's snake_case shape of a credit grant.
import type { CreditGrantView } from "@tollgate/use-cases/credits";
import { isoOrNull } from "./iso.ts";

export function creditGrantJson(view: CreditGrantView) {
  return {
    id: view.id,
    tenant_id: view.tenantId,
    kind: view.kind,
    amount: view.amount,
    currency: view.currency,
    priority: view.priority,
    reason: view.reason,
    granted_at: view.grantedAt.toISOString(),
    expires_at: isoOrNull(view.expiresAt),
    voided_at: isoOrNull(view.voidedAt),
    used: view.used,
    expired: view.expired,
    balance: view.balance,
    status: view.status,
  };
}
