import { createTypedQueue, createTypedWorker, type TypedQueue } from "@tollgate/queues";
import type { Worker } from "bullmq";
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
  close(): Promise<void>;
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
    async (payload, job) => {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const result = await deliverWebhook(options, payload, final);
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
    async close() {
      await relay.close();
      await worker.close();
      await queue.close();
    },
  };
}
