import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import {
  inTransaction,
  lockTenant,
  reasonOf,
  requireTenantWriter,
  type ChangeContext,
} from "../shared/change-context.ts";
import { endpointAuditRecord, findEndpoint } from "./webhook-endpoint-view.ts";

/**
 * Deletes an endpoint and its delivery log (tenant admin or operator, audited). Jobs still queued for it find no delivery and
 * stop; the events stay (other endpoints' deliveries keep them).
 */
export async function deleteWebhookEndpoint(
  db: DbOrTx,
  tenantId: string,
  endpointId: string,
  context: ChangeContext,
): Promise<void> {
  const actor = requireTenantWriter(context.actor, tenantId);
  const reason = reasonOf(context, false);
  await inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const before = await findEndpoint(tx, tenantId, endpointId);
    await tx.webhookEndpoint.delete({ where: { id: endpointId } });
    await writeAuditLog(tx, {
      actor,
      action: "webhook_endpoint.delete",
      tenantId,
      targetType: "webhook_endpoint",
      targetId: endpointId,
      reason,
      before: endpointAuditRecord(before),
      after: null,
    });
  });
}
