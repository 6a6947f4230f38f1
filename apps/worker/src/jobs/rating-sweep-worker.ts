import {
  createTypedQueue,
  createTypedWorker,
  scheduleRatingSweeps,
  type SpendLimits,
  type TypedQueue,
} from "@tollgate/queues";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Pool } from "pg";
import { CatalogCache } from "../store/catalog-cache.ts";
import { expireCreditGrants } from "./expire-credit-grants.ts";
import { rateUnratedEvents } from "./re-rate-unrated.ts";
import { trueUpCommitments } from "./true-up-commitments.ts";
import type { WorkerMetrics } from "../worker-metrics.ts";

export interface RatingSweepWorkerOptions {
  pool: Pool;
  /** A worker-role connection (BullMQ makes its own blocking connection from it). */
  connection: Redis;
  prefix: string;
  /** How often the scheduled sweep runs (WORKER_RATING_SWEEP_INTERVAL_MS). */
  intervalMs: number;
  /** Crash recovery, as for usage jobs (a sweep is idempotent, so a recovered one simply runs again). */
  lockDurationMs: number;
  stalledIntervalMs: number;
  metrics: WorkerMetrics;
  /** Hard-limit state in Redis: re-rated charges raise budget spend there too. */
  limits: SpendLimits;
}

export interface RatingSweepWorker {
  worker: Worker;
  /** Settles once the schedule is registered (commands wait while Redis is unreachable, so startup does not). */
  scheduled: Promise<void>;
  /** Waits for the running sweep (close() lets it finish its batch and the rest), then stops. */
  close(): Promise<void>;
}

/**
 * Consumes rating sweeps (scheduled, and requested after price changes), one at a time per process: each expires
 * credit grants past their expiry, books minimum-commitment true-ups of closed months, then rates the unrated
 * events, of one tenant or all. Registers the schedule.
 */
export function startRatingSweepWorker(options: RatingSweepWorkerOptions): RatingSweepWorker {
  const { metrics } = options;
  // Its own catalog, reloaded at the start of every sweep: a sweep requested after a catalog change must see it,
  // however recently the usage worker's cache was loaded.
  const catalog = new CatalogCache(Number.POSITIVE_INFINITY);
  const queue: TypedQueue<"ratingSweep"> = createTypedQueue("ratingSweep", options.connection, options.prefix);
  const scheduled = scheduleRatingSweeps(queue, options.intervalMs);
  const worker = createTypedWorker(
    "ratingSweep",
    options.connection,
    options.prefix,
    async (payload) => {
      catalog.invalidate();
      const scope = payload.tenantId === undefined ? {} : { tenantId: payload.tenantId };
      const expiry = await expireCreditGrants(options.pool, scope);
      metrics.creditGrantsExpired.inc(expiry.expired);
      const trueUps = await trueUpCommitments(options.pool, scope);
      metrics.commitmentTrueUps.inc(trueUps.booked);
      const sweep = await rateUnratedEvents(options.pool, catalog, options.limits, scope);
      metrics.eventsRerated.inc(sweep.rated);
    },
    {
      // Sweeps of one process never overlap; sweeps of several processes may, which the SKIP LOCKED batches allow.
      concurrency: 1,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
    },
  );
  return {
    worker,
    scheduled,
    async close() {
      await worker.close();
      await scheduled.catch(() => undefined);
      await queue.close();
    },
  };
}
