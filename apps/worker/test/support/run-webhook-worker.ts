import { randomUUID } from "node:crypto";
import { createRedis } from "@tollgate/queues";
import type { Redis } from "ioredis";
import type { Pool } from "pg";
import { Registry } from "prom-client";
import { startWebhookWorker, type WebhookWorker } from "../../src/jobs/webhook-delivery-worker.ts";
import { createWorkerMetrics } from "../../src/worker-metrics.ts";

const REDIS_URL = "redis://127.0.0.1:6379";

export interface WebhookHarnessOptions {
  allowPrivateNetworks?: boolean;
  attempts?: number;
  backoffMs?: number;
  disableAfterMs?: number;
  now?: () => Date;
  /** Short locks so a job left by a force-closed worker is recovered fast. */
  lockDurationMs?: number;
}

export interface WebhookHarness {
  prefix: string;
  producer: Redis;
  /** Starts a worker process' webhook side (relay + consumer) on the harness' prefix. */
  start(): WebhookWorker;
  /** Removes the prefix' keys and disconnects. */
  close(): Promise<void>;
}

/** Real webhook relays and delivery workers on their own Redis key prefix, against `pool`'s database. */
export function startWebhookHarness(pool: Pool, options: WebhookHarnessOptions = {}): WebhookHarness {
  const prefix = `{tg-webhook-test-${randomUUID().slice(0, 8)}}`;
  const producer = createRedis(REDIS_URL, "producer");
  const connections: Redis[] = [];
  const workers: WebhookWorker[] = [];
  return {
    prefix,
    producer,
    start() {
      const connection = createRedis(REDIS_URL, "worker");
      connections.push(connection);
      const lockDurationMs = options.lockDurationMs ?? 30_000;
      const worker = startWebhookWorker({
        pool,
        connection,
        prefix,
        policy: { allowPrivateNetworks: options.allowPrivateNetworks ?? true },
        timeoutMs: 5000,
        disableAfterMs: options.disableAfterMs ?? 3 * 86_400_000,
        ...(options.now ? { now: options.now } : {}),
        retry: { attempts: options.attempts ?? 5, backoffMs: options.backoffMs ?? 100 },
        relayIntervalMs: 50,
        concurrency: 8,
        lockDurationMs,
        stalledIntervalMs: Math.max(500, Math.floor(lockDurationMs / 2)),
        maxStalledCount: 5,
        metrics: createWorkerMetrics(new Registry()),
        onError: (error) => {
          console.error("webhook worker error", error);
        },
      });
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      const keys = await producer.keys(`${prefix}*`);
      if (keys.length > 0) await producer.del(...keys);
      producer.disconnect();
      for (const connection of connections) connection.disconnect();
    },
  };
}
