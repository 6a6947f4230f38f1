import { webhookEnvelope, type WebhookNetworkPolicy } from "@tollgate/domain";
import type { QueuePayload } from "@tollgate/queues";
import type { Pool } from "pg";
import { Webhook } from "standardwebhooks";
import { recordAttempt } from "../store/webhook-attempt-store.ts";
import { failWithoutAttempt, loadDelivery } from "../store/webhook-delivery-store.ts";
import { inTransaction } from "../store/transaction.ts";
import { postWebhook } from "../webhooks/post-webhook.ts";

export interface DeliverWebhookDeps {
  pool: Pool;
  policy: WebhookNetworkPolicy;
  timeoutMs: number;
  /** An endpoint failing without a success for this long is disabled (WEBHOOK_DISABLE_AFTER_DAYS). */
  disableAfterMs: number;
  /** The clock (tests move it to cross the failure window). */
  now?: () => Date;
}

export type DeliveryResult = "succeeded" | "failed" | "skipped" | "not_dispatched";

/** A failed attempt that BullMQ should retry (the message lands in the job's failedReason). */
export class WebhookAttemptFailed extends Error {}

/**
 * One attempt of one delivery: loads endpoint and event, signs with Standard Webhooks (`webhook-id` = the event id,
 * the same on every attempt and redelivery, so receivers dedupe), POSTs, records the attempt. A failure that is not
 * the last automatic attempt throws WebhookAttemptFailed so BullMQ retries with its backoff. A delivery that already
 * succeeded is not sent again unless an operator asked (`manual`); one whose endpoint was deleted or disabled stops.
 * "not_dispatched": the delivery row does not exist yet (see loadDelivery); nothing was sent.
 */
export async function deliverWebhook(
  deps: DeliverWebhookDeps,
  payload: QueuePayload<"webhookDelivery">,
  final: boolean,
): Promise<DeliveryResult> {
  const client = await deps.pool.connect();
  let delivery;
  try {
    delivery = await loadDelivery(client, payload.eventId, payload.endpointId);
  } finally {
    client.release();
  }
  // The endpoint (and with it its deliveries) was deleted; or the relay's transaction rolled back after queueing
  // this job, and the caller must retry it later (the relay's next pass creates the row, its job id is this one).
  if (delivery === "gone" || delivery === "not_dispatched") return delivery === "gone" ? "skipped" : delivery;
  if (delivery.status === "succeeded" && !payload.manual) return "skipped";
  if (delivery.endpointDisabled) {
    const { deliveryId } = delivery;
    await inTransaction(deps.pool, (tx) => failWithoutAttempt(tx, deliveryId, "endpoint disabled"));
    return "skipped";
  }
  const now = deps.now ?? (() => new Date());
  const body = JSON.stringify(webhookEnvelope(delivery.eventType, delivery.eventCreatedAt, delivery.eventPayload));
  // Receivers check the signed timestamp against their own clock, so it is always the real time; the attempt's
  // recorded time (and the failure window) follows the injected clock.
  const signedAt = new Date();
  const sentAt = now();
  const headers = {
    "webhook-id": payload.eventId,
    "webhook-timestamp": Math.floor(signedAt.getTime() / 1000).toString(),
    "webhook-signature": new Webhook(delivery.secret).sign(payload.eventId, signedAt, body),
    "user-agent": "Tollgate-Webhooks/1",
  };
  const outcome = await postWebhook(delivery.url, headers, body, { policy: deps.policy, timeoutMs: deps.timeoutMs });
  outcome.startedAt = sentAt;
  const { deliveryId } = delivery;
  const recorded = await inTransaction(deps.pool, (tx) =>
    recordAttempt(
      tx,
      {
        deliveryId,
        endpointId: payload.endpointId,
        tenantId: payload.tenantId,
        manual: payload.manual,
        final,
        outcome,
      },
      new Date(sentAt.getTime() - deps.disableAfterMs),
    ),
  );
  if (recorded.attempt === 0) return "skipped";
  if (outcome.ok) return "succeeded";
  if (!final && !recorded.disabled) {
    throw new WebhookAttemptFailed(`attempt ${recorded.attempt.toString()}: ${outcome.error ?? "failed"}`);
  }
  return "failed";
}
