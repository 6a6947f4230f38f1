// The REST API's snake_case shape of a tenant price override.
import type { TenantOverrideView } from "@tollgate/use-cases/overrides";
import { isoOrNull } from "./iso.ts";

export function tenantOverrideJson(view: TenantOverrideView) {
  return {
    id: view.id,
    tenant_id: view.tenantId,
    starts_at: view.startsAt.toISOString(),
    ends_at: isoOrNull(view.endsAt),
    discount_percent: view.discountPercent,
    model_rates: view.modelRates,
    reason: view.reason,
    created_at: view.createdAt.toISOString(),
  };
}
