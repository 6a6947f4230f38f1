import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import {
  inTransaction,
  lockTenant,
  reasonOf,
  requireTenantWriter,
  type ChangeContext,
} from "../shared/change-context.ts";
import type { WebhookRedeliveries } from "./webhook-ports.ts";

/**
 * Sends a delivery's event to its endpoint again, whatever its status (tenant admin or operator, audited): one attempt, signed
 * with the endpoint's current secret, with the same `webhook-id` so a receiver that already has it can dedupe.
 * The job is queued inside the transaction: if Redis refuses, nothing changes and the caller gets the error.
 * 409 when the endpoint is disabled (re-enable it first).
 */
export async function redeliverWebhook(
  db: DbOrTx,
  tenantId: string,
  deliveryId: string,
  context: ChangeContext,
  redeliveries: WebhookRedeliveries | undefined,
): Promise<{ deliveryId: string; redelivery: number }> {
  const actor = requireTenantWriter(context.actor, tenantId);
  const reason = reasonOf(context, false);
  if (!redeliveries) throw new AppError("unavailable", "webhook redelivery is not available here");
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const delivery = await tx.webhookDelivery.findFirst({
      where: { id: deliveryId, tenantId },
      select: { id: true, eventId: true, endpointId: true, status: true, endpoint: { select: { disabledAt: true } } },
    });
    if (!delivery) throw new AppError("not_found", `no webhook delivery ${deliveryId} for this tenant`);
    if (delivery.endpoint.disabledAt !== null) {
      throw new AppError("conflict", "the endpoint is disabled; re-enable it (PATCH enabled: true) first");
    }
    const updated = await tx.webhookDelivery.update({
      where: { id: deliveryId },
      data: { redeliveries: { increment: 1 }, status: "pending" },
      select: { redeliveries: true },
    });
    await redeliveries.enqueue({
      tenantId,
      eventId: delivery.eventId,
      endpointId: delivery.endpointId,
      redelivery: updated.redeliveries,
    });
    await writeAuditLog(tx, {
      actor,
      action: "webhook_delivery.redeliver",
      tenantId,
      targetType: "webhook_delivery",
      targetId: deliveryId,
      reason,
      before: { status: delivery.status },
      after: { status: "pending", redelivery: updated.redeliveries },
    });
    return { deliveryId, redelivery: updated.redeliveries };
  });
}
