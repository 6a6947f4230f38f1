import type { Db } from "@tollgate/db";
import { createTypedQueue, createTypedWorker, scheduleAnalyticsRefresh, type TypedQueue } from "@tollgate/queues";
import { refreshAnalyticsRollups } from "@tollgate/use-cases/analytics";
import { refreshHourlyModelRollups, refreshLocalDayRollups } from "@tollgate/use-cases/usage";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { WorkerMetrics } from "../worker-metrics.ts";

export interface AnalyticsRefreshWorkerOptions {
  db: Db;
  /** A worker-role connection (BullMQ makes its own blocking connection from it). */
  connection: Redis;
  prefix: string;
  /** How often the refresh runs (WORKER_ANALYTICS_REFRESH_INTERVAL_MS). */
  intervalMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  metrics: WorkerMetrics;
}

export interface AnalyticsRefreshWorker {
  worker: Worker;
  queue: TypedQueue<"analyticsRefresh">;
  /** Settles once the schedule is registered. */
  scheduled: Promise<void>;
  close(): Promise<void>;
}

/**
 * Consumes the analytics-refresh queue: each (scheduled) run recomputes the cross-tenant rollups
 * (usage_rollups_global_daily, usage_rollups_tenant_weekly) for the days of the hours changed since the last run
 * (events inserted, hours re-rated), in its own transaction, never the recording one. One run at a time per process (and across processes: the
 * watermark row is locked). Each run then recomputes the tenants' local-day rollups (refreshLocalDayRollups) the same
 * way, then the per-model hourly rollups (refreshHourlyModelRollups).
 */
export function startAnalyticsRefreshWorker(options: AnalyticsRefreshWorkerOptions): AnalyticsRefreshWorker {
  const queue: TypedQueue<"analyticsRefresh"> = createTypedQueue(
    "analyticsRefresh",
    options.connection,
    options.prefix,
  );
  const scheduled = scheduleAnalyticsRefresh(queue, options.intervalMs);
  const worker = createTypedWorker(
    "analyticsRefresh",
    options.connection,
    options.prefix,
    async () => {
      const result = await refreshAnalyticsRollups(options.db);
      if (result.ran) options.metrics.analyticsDaysRefreshed.inc(result.days);
      // The tenants' local-day rollups (the usage explorer's days of their zones), in a transaction of their own.
      await refreshLocalDayRollups(options.db);
      // The per-model hourly rollups (the explorer's hourly reads by model or token type), the same way.
      await refreshHourlyModelRollups(options.db);
    },
    { concurrency: 1, lockDuration: options.lockDurationMs, stalledInterval: options.stalledIntervalMs },
  );
  return {
    worker,
    queue,
    scheduled,
    async close() {
      await worker.close();
      await scheduled.catch(() => undefined);
      await queue.close();
    },
  };
}
