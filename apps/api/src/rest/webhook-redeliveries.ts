import { webhookDeliveryJobId, type TypedQueue } from "@tollgate/queues";
import type { WebhookRedeliveries } from "@tollgate/use-cases/webhooks";

/**
 * The redelivery port over the webhook-deliveries queue: one job per redelivery (its own deterministic id), one
 * attempt (the queue's default), references only. A Redis failure fails the request, so the operator knows.
 */
export function webhookRedeliveriesPort(
  queue: TypedQueue<"webhookDelivery"> | undefined,
): WebhookRedeliveries | undefined {
  if (!queue) return undefined;
  return {
    async enqueue(request) {
      await queue.add(webhookDeliveryJobId(request.eventId, request.endpointId, request.redelivery), {
        tenantId: request.tenantId,
        eventId: request.eventId,
        endpointId: request.endpointId,
        manual: true,
      });
    },
  };
}
