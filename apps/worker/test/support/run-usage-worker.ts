import { randomUUID } from "node:crypto";
import {
  createRedis,
  createSpendLimits,
  createTypedQueue,
  usageJobId,
  type SpendLimits,
  type UsageGroup,
} from "@tollgate/queues";
import type { Worker } from "bullmq";
import type { Pool } from "pg";
import { Registry } from "prom-client";
import { CatalogCache } from "../../src/store/catalog-cache.ts";
import { startUsageWorker } from "../../src/jobs/usage-worker.ts";
import { createWorkerMetrics } from "../../src/worker-metrics.ts";

const REDIS_URL = "redis://127.0.0.1:6379";

export interface UsageWorkerHarness {
  /** Enqueues one usage job the way ingest does and waits until the worker has completed it. */
  runJob(groups: UsageGroup[]): Promise<void>;
  /** The hard-limit state the worker updates (this harness's own prefix). */
  limits: SpendLimits;
  close(): Promise<void>;
}

/** The real usage worker (BullMQ consumer) on its own Redis key prefix; close() removes every key under it. */
export function startUsageWorkerHarness(pool: Pool): UsageWorkerHarness {
  const prefix = `{tg-worker-test-${randomUUID().slice(0, 8)}}`;
  const connection = createRedis(REDIS_URL, "worker");
  const producer = createRedis(REDIS_URL, "producer");
  const queue = createTypedQueue("usage", producer, prefix);
  const limits = createSpendLimits(producer, prefix);
  const worker: Worker = startUsageWorker({
    pool,
    connection,
    prefix,
    concurrency: 4,
    transactions: 2,
    groupMaxEvents: 20_000,
    lockDurationMs: 30_000,
    stalledIntervalMs: 30_000,
    maxStalledCount: 1,
    metrics: createWorkerMetrics(new Registry()),
    catalog: new CatalogCache(0),
    limits,
  });
  // Every runJob waits with its own completed/failed listeners; tests run dozens at once.
  worker.setMaxListeners(200);
  return {
    limits,
    async runJob(groups) {
      const jobId = usageJobId(groups);
      const done = new Promise<void>((resolve, reject) => {
        const onCompleted = (job: { id?: string }) => {
          if (job.id !== jobId) return;
          worker.off("completed", onCompleted);
          worker.off("failed", onFailed);
          resolve();
        };
        const onFailed = (job: { id?: string } | undefined, error: Error) => {
          if (job?.id !== jobId) return;
          worker.off("completed", onCompleted);
          worker.off("failed", onFailed);
          reject(error);
        };
        worker.on("completed", onCompleted);
        worker.on("failed", onFailed);
      });
      await queue.add(jobId, { receivedAt: new Date().toISOString(), batches: groups });
      await done;
    },
    async close() {
      await worker.close();
      await queue.close();
      const keys = await producer.keys(`${prefix}*`);
      if (keys.length > 0) await producer.del(...keys);
      producer.disconnect();
      connection.disconnect();
    },
  };
}
