// The REST API's snake_case shape of a tenant's subscription.
import type { SubscriptionView } from "@tollgate/use-cases/subscriptions";
import { isoOrNull } from "./iso.ts";

export function subscriptionJson(view: SubscriptionView) {
  return {
    id: view.id,
    tenant_id: view.tenantId,
    plan_version_id: view.planVersionId,
    plan_id: view.planId,
    plan_code: view.planCode,
    plan_name: view.planName,
    version: view.version,
    version_status: view.versionStatus,
    currency: view.currency,
    starts_at: view.startsAt.toISOString(),
    ends_at: isoOrNull(view.endsAt),
    created_at: view.createdAt.toISOString(),
  };
}
