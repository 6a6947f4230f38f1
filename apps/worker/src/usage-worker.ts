import { createTypedWorker, type SpendLimits } from "@tollgate/queues";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Pool } from "pg";
import type { CatalogCache } from "./pricing/catalog-cache.ts";
import { recordUsageBatch } from "./usage/record-usage-batch.ts";
import type { WorkerMetrics } from "./worker-metrics.ts";

export interface UsageWorkerOptions {
  pool: Pool;
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** Crash recovery: see WORKER_LOCK_DURATION_MS, WORKER_STALLED_INTERVAL_MS, WORKER_MAX_STALLED_COUNT. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  metrics: WorkerMetrics;
  /** The model catalog held in memory (aliases, provider cost rates). */
  catalog: CatalogCache;
  /** Hard-limit state in Redis: budget spends and reservations, updated after each job commits. */
  limits: SpendLimits;
}

/**
 * Consumes usage batches; a job completes only after its transaction has committed and the hard-limit state in
 * Redis has learnt the new spend and the settled reservations (if that fails, the retried job pushes them again).
 */
export function startUsageWorker(options: UsageWorkerOptions): Worker {
  const { metrics } = options;
  return createTypedWorker(
    "usage",
    options.connection,
    options.prefix,
    async (payload) => {
      const stopTimer = metrics.jobDuration.startTimer();
      const result = await recordUsageBatch(options.pool, payload, { catalog: options.catalog });
      await options.limits.settle(result.settlement.spends, result.settlement.reservations);
      stopTimer();
      metrics.eventsInserted.inc(result.inserted);
      metrics.eventsDuplicate.inc(result.duplicates);
      metrics.eventsUnrated.inc(result.unrated);
      metrics.ingestToLedgerLag.observe((Date.now() - Date.parse(payload.receivedAt)) / 1000);
    },
    {
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      maxStalledCount: options.maxStalledCount,
    },
  );
}
