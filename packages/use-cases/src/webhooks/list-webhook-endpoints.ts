import type { DbOrTx } from "@tollgate/db";
import { requireTenant } from "../shared/change-context.ts";
import { endpointViewSelect, type WebhookEndpointView } from "./webhook-endpoint-view.ts";

/** A tenant's endpoints, oldest first, without secrets. Access is decided by the caller (operator or the tenant). */
export async function listWebhookEndpoints(db: DbOrTx, tenantId: string): Promise<WebhookEndpointView[]> {
  await requireTenant(db, tenantId);
  return db.webhookEndpoint.findMany({
    where: { tenantId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: endpointViewSelect,
  });
}
