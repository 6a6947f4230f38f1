import { webhookDeliveryJobId, type TypedQueue } from "@tollgate/queues";
import type { Pool } from "pg";
import { createDeliveries, lockUndispatchedEvents } from "../store/webhook-outbox-store.ts";
import { inTransaction } from "../store/transaction.ts";
import { startPollingLoop, type PollingLoop } from "./polling-loop.ts";

export interface WebhookRetryPolicy {
  /** Attempts per delivery, the first included (WEBHOOK_MAX_ATTEMPTS). */
  attempts: number;
  /** The first retry's delay; each later one doubles it (WEBHOOK_BACKOFF_MS). */
  backoffMs: number;
}

export interface WebhookOutboxRelayOptions {
  pool: Pool;
  queue: TypedQueue<"webhookDelivery">;
  retry: WebhookRetryPolicy;
  /** How often the outbox is polled (WEBHOOK_RELAY_INTERVAL_MS, ≤ 1 s). */
  intervalMs: number;
  /** Events per transaction. */
  batchSize?: number;
  onError: (error: unknown) => void;
}

/**
 * Moves one batch of outbox events to the delivery queue, in one transaction: lock undispatched events, create their
 * delivery rows, add one job per delivery, mark the events dispatched, COMMIT. Jobs are added before the commit, so
 * a crash in between leaves the events undispatched and the next pass adds the same job ids again, which BullMQ
 * ignores while it keeps them (a day); beyond that the delivery's status decides (a succeeded one is not resent).
 * Nothing is lost (events stay until a pass commits) and nothing is queued twice. Returns how many events it took.
 */
export async function relayWebhookEvents(
  pool: Pool,
  queue: TypedQueue<"webhookDelivery">,
  retry: WebhookRetryPolicy,
  batchSize = 200,
): Promise<number> {
  return inTransaction(pool, async (client) => {
    const eventIds = await lockUndispatchedEvents(client, batchSize);
    if (eventIds.length === 0) return 0;
    const deliveries = await createDeliveries(client, eventIds);
    if (deliveries.length > 0) {
      await queue.queue.addBulk(
        deliveries.map((ref) => ({
          name: queue.queue.name,
          data: { ...ref, manual: false },
          opts: {
            jobId: webhookDeliveryJobId(ref.eventId, ref.endpointId),
            attempts: retry.attempts,
            backoff: { type: "exponential", delay: retry.backoffMs },
          },
        })),
      );
    }
    return eventIds.length;
  });
}

/** Polls the outbox every `intervalMs`, draining it batch by batch; errors are reported and the next tick retries. */
export function startWebhookOutboxRelay(options: WebhookOutboxRelayOptions): PollingLoop {
  const batchSize = options.batchSize ?? 200;
  return startPollingLoop(
    async (stopped) => {
      while (
        !stopped() &&
        (await relayWebhookEvents(options.pool, options.queue, options.retry, batchSize)) === batchSize
      );
    },
    options.intervalMs,
    options.onError,
  );
}
