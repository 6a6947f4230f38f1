import { createTypedWorker, type SpendLimits, type UsageJobPayload } from "@tollgate/queues";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Pool } from "pg";
import type { CatalogCache } from "../store/catalog-cache.ts";
import { GroupCommitter } from "./group-commit.ts";
import { recordUsageJobs } from "./record-usage.ts";
import type { WorkerMetrics } from "../worker-metrics.ts";

export interface UsageWorkerOptions {
  pool: Pool;
  connection: Redis;
  prefix: string;
  /** Jobs taken from the queue at once; those beyond `transactions` wait to join the next group commit. */
  concurrency: number;
  /** Usage transactions at once (group commits), each on its own Postgres connection. */
  transactions: number;
  /** A group commit takes waiting jobs up to this many events in all. */
  groupMaxEvents: number;
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

const eventCount = (payload: UsageJobPayload) => payload.batches.reduce((sum, group) => sum + group.events.length, 0);

/**
 * Consumes usage jobs; a job completes only after the transaction holding it has committed and the hard-limit
 * state in Redis has learnt the new spend and the settled reservations (if that fails, the retried job pushes them
 * again). Jobs that wait for a free transaction are recorded together (GroupCommitter): a crash before the commit
 * leaves all of them to be retried, and a retry records only what is not stored yet.
 */
export function startUsageWorker(options: UsageWorkerOptions): Worker {
  const { metrics } = options;
  const committer = new GroupCommitter<UsageJobPayload>({
    maxInFlight: options.transactions,
    maxSize: options.groupMaxEvents,
    sizeOf: eventCount,
    run: async (payloads) => {
      const result = await recordUsageJobs(options.pool, payloads, { catalog: options.catalog });
      await options.limits.settle(result.settlement.spends, result.settlement.reservations);
      metrics.jobsPerGroup.observe(payloads.length);
      metrics.eventsInserted.inc(result.inserted);
      metrics.eventsDuplicate.inc(result.duplicates);
      metrics.eventsUnrated.inc(result.unrated);
    },
  });
  return createTypedWorker(
    "usage",
    options.connection,
    options.prefix,
    async (payload) => {
      const stopTimer = metrics.jobDuration.startTimer();
      await committer.submit(payload);
      stopTimer();
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
