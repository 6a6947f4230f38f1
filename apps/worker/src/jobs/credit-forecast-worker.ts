import type { Db } from "@tollgate/db";
import { createTypedQueue, createTypedWorker, scheduleCreditForecasts, type TypedQueue } from "@tollgate/queues";
import { scanCreditDepletionForecasts } from "@tollgate/use-cases/credits";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { WorkerMetrics } from "../worker-metrics.ts";

export interface CreditForecastWorkerOptions {
  db: Db;
  /** A worker-role connection (BullMQ makes its own blocking connection from it). */
  connection: Redis;
  prefix: string;
  /** How often the scan runs (WORKER_CREDIT_FORECAST_INTERVAL_MS). */
  intervalMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  metrics: WorkerMetrics;
  /** Tenants per scan query. */
  scanPageSize?: number;
}

export interface CreditForecastWorker {
  worker: Worker;
  queue: TypedQueue<"creditForecast">;
  /** Settles once the schedule is registered. */
  scheduled: Promise<void>;
  close(): Promise<void>;
}

/**
 * Consumes the credit-forecast queue: each (scheduled) scan pages through the tenants that set low_credit_alert_days
 * and alerts those whose credit is projected to run out within that many days. One scan at a time per process; a
 * scan killed midway is recovered by BullMQ and writes only the alerts not written yet.
 */
export function startCreditForecastWorker(options: CreditForecastWorkerOptions): CreditForecastWorker {
  const queue: TypedQueue<"creditForecast"> = createTypedQueue("creditForecast", options.connection, options.prefix);
  const scheduled = scheduleCreditForecasts(queue, options.intervalMs);
  const worker = createTypedWorker(
    "creditForecast",
    options.connection,
    options.prefix,
    async () => {
      const pageSize = options.scanPageSize;
      const result = await scanCreditDepletionForecasts(
        options.db,
        new Date(),
        pageSize === undefined ? {} : { pageSize },
      );
      options.metrics.creditForecastAlerts.inc(result.alertsWritten);
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
