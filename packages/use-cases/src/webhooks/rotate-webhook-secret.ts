import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import {
  inTransaction,
  lockTenant,
  reasonOf,
  requireTenantWriter,
  type ChangeContext,
} from "../shared/change-context.ts";
import { endpointViewSelect, findEndpoint, type WebhookEndpointWithSecret } from "./webhook-endpoint-view.ts";
import { generateWebhookSecret } from "./webhook-secret.ts";

/**
 * Replaces an endpoint's signing secret (tenant admin or operator, audited without secrets); the new one is returned this once.
 * Attempts from then on are signed with it, retries of earlier events included.
 */
export async function rotateWebhookSecret(
  db: DbOrTx,
  tenantId: string,
  endpointId: string,
  context: ChangeContext,
): Promise<WebhookEndpointWithSecret> {
  const actor = requireTenantWriter(context.actor, tenantId);
  const reason = reasonOf(context, false);
  const secret = generateWebhookSecret();
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    await findEndpoint(tx, tenantId, endpointId);
    const endpoint = await tx.webhookEndpoint.update({
      where: { id: endpointId },
      data: { secret },
      select: endpointViewSelect,
    });
    await writeAuditLog(tx, {
      actor,
      action: "webhook_endpoint.rotate_secret",
      tenantId,
      targetType: "webhook_endpoint",
      targetId: endpointId,
      reason,
      before: null,
      after: { secret_rotated_at: endpoint.updatedAt.toISOString() },
    });
    return { ...endpoint, secret };
  });
}
