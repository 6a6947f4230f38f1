import { createTypedQueue, createTypedWorker, type TypedQueue } from "@tollgate/queues";
import { DelayedError, type Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { WorkerMetrics } from "../worker-metrics.ts";
import { deliverWebhook, WebhookAttemptFailed, type DeliverWebhookDeps } from "./deliver-webhook.ts";
import { startWebhookOutboxRelay, type WebhookRetryPolicy } from "./webhook-outbox-relay.ts";

export interface WebhookWorkerOptions extends DeliverWebhookDeps {
  connection: Redis;
  prefix: string;
  retry: WebhookRetryPolicy;
  relayIntervalMs: number;
  /** Deliveries in flight at once per process (each mostly waits on a receiver). */
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  metrics?: WorkerMetrics;
  onError: (error: unknown) => void;
}

export interface WebhookWorker {
  worker: Worker;
  queue: TypedQueue<"webhookDelivery">;
  /** Stops the relay, then the consumer: waits for deliveries in flight unless `force` (a crash, in tests). */
  close(force?: boolean): Promise<void>;
}

/** The outbox relay and the delivery consumer of one worker process. */
export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const queue = createTypedQueue("webhookDelivery", options.connection, options.prefix);
  const relay = startWebhookOutboxRelay({
    pool: options.pool,
    queue,
    retry: options.retry,
    intervalMs: options.relayIntervalMs,
    onError: options.onError,
  });
  const worker = createTypedWorker(
    "webhookDelivery",
    options.connection,
    options.prefix,
    async (payload, job, token) => {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const result = await deliverWebhook(options, payload, final);
      if (result === "not_dispatched") {
        // Later, without using up an attempt: the relay's next pass recreates the row (its poll interval).
        await job.moveToDelayed(Date.now() + Math.max(options.relayIntervalMs * 2, 1000), token);
        throw new DelayedError();
      }
      options.metrics?.webhookDeliveries.inc({ result });
    },
    {
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      maxStalledCount: options.maxStalledCount,
    },
  );
  worker.on("failed", (_job, error) => {
    if (error instanceof WebhookAttemptFailed) options.metrics?.webhookDeliveries.inc({ result: "retrying" });
    else options.onError(error);
  });
  return {
    worker,
    queue,
    async close(force = false) {
      await relay.close();
      await worker.close(force);
      await queue.close();
    },
  };
}
