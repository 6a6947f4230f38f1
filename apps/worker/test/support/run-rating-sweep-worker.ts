import { randomUUID } from "node:crypto";
import {
  createRedis,
  createSpendLimits,
  createTypedQueue,
  RATING_SWEEP_SCHEDULER_ID,
  type QueuePayload,
} from "@tollgate/queues";
import type { Pool } from "pg";
import { Registry } from "prom-client";
import { startRatingSweepWorker, type RatingSweepWorker } from "../../src/jobs/rating-sweep-worker.ts";
import { createWorkerMetrics, type WorkerMetrics } from "../../src/worker-metrics.ts";

const REDIS_URL = "redis://127.0.0.1:6379";
/** Long enough that no scheduled sweep interferes with a test's own (they would be harmless, but add noise). */
const TEST_INTERVAL_MS = 3_600_000;

export interface RatingSweepHarness {
  /** Enqueues sweep jobs at once (one per payload) and waits until the workers have completed them all. */
  runSweeps(payloads: QueuePayload<"ratingSweep">[]): Promise<void>;
  /** Settles once the schedule is registered and its first (immediate) sweep has run. */
  ready: Promise<void>;
  /** Each worker's metrics, to read the counters it advanced. */
  metrics: WorkerMetrics[];
  close(): Promise<void>;
}

/**
 * `workers` real rating sweep workers (BullMQ consumers, concurrency 1 each) on their own Redis key prefix, so two
 * sweeps can run at the same time; close() removes every key under the prefix.
 */
export function startRatingSweepHarness(pool: Pool, workers = 1): RatingSweepHarness {
  const prefix = `{tg-sweep-test-${randomUUID().slice(0, 8)}}`;
  const producer = createRedis(REDIS_URL, "producer");
  const queue = createTypedQueue("ratingSweep", producer, prefix);
  const connections = Array.from({ length: workers }, () => createRedis(REDIS_URL, "worker"));
  const metrics = connections.map(() => createWorkerMetrics(new Registry()));
  const sweeps: RatingSweepWorker[] = connections.map((connection, index) =>
    startRatingSweepWorker({
      pool,
      connection,
      prefix,
      intervalMs: TEST_INTERVAL_MS,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      metrics: metrics[index] ?? createWorkerMetrics(new Registry()),
      limits: createSpendLimits(producer, prefix),
    }),
  );
  // Every outcome is recorded from the start, so waiting for a job that already finished cannot miss it.
  const outcomes = new Map<string, Error | null>();
  const waiters = new Map<string, (outcome: Error | null) => void>();
  const settle = (jobId: string | undefined, outcome: Error | null) => {
    if (jobId === undefined) return;
    outcomes.set(jobId, outcome);
    waiters.get(jobId)?.(outcome);
  };
  for (const sweep of sweeps) {
    sweep.worker.on("completed", (job) => {
      settle(job.id, null);
    });
    sweep.worker.on("failed", (job, error) => {
      settle(job?.id, error);
    });
  }
  const waitFor = async (jobId: string) => {
    const outcome =
      outcomes.get(jobId) ??
      (await new Promise<Error | null>((resolve) => {
        waiters.set(jobId, resolve);
      }));
    waiters.delete(jobId);
    if (outcome) throw outcome;
  };
  // The scheduler enqueues its first sweep at once; tests start from a quiet queue, after it has run.
  const ready = (async () => {
    await Promise.all(sweeps.map((sweep) => sweep.scheduled));
    const first = await queue.queue.getJobs(["waiting", "active", "completed", "failed"]);
    await Promise.all(first.flatMap((job) => (job.id?.startsWith("repeat:") ? [waitFor(job.id)] : [])));
  })();
  return {
    metrics,
    ready,
    async runSweeps(payloads) {
      await ready;
      const ids = payloads.map(() => `test-sweep-${randomUUID()}`);
      const done = Promise.all(ids.map(waitFor));
      await Promise.all(payloads.map((payload, index) => queue.add(ids[index] ?? "", payload)));
      await done;
    },
    async close() {
      await ready.catch(() => undefined);
      await Promise.all(sweeps.map((sweep) => sweep.close()));
      await queue.queue.removeJobScheduler(RATING_SWEEP_SCHEDULER_ID);
      await queue.close();
      const keys = await producer.keys(`${prefix}*`);
      if (keys.length > 0) await producer.del(...keys);
      producer.disconnect();
      for (const connection of connections) connection.disconnect();
    },
  };
}
