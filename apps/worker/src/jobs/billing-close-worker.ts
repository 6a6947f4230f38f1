import type { Db } from "@tollgate/db";
import {
  createTypedQueue,
  createTypedWorker,
  enqueueTenantCloses,
  scheduleBillingCloses,
  type TypedQueue,
} from "@tollgate/queues";
import { recordBillingCloseFailure, startBillingRun, type BillingCloses } from "@tollgate/use-cases/billing-runs";
import { closeDuePeriods, type InvoiceIssuer } from "@tollgate/use-cases/invoices";
import { UnrecoverableError, type Job, type Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { WorkerMetrics } from "../worker-metrics.ts";

export interface BillingCloseWorkerOptions {
  db: Db;
  /** A worker-role connection (BullMQ makes its own blocking connection from it). */
  connection: Redis;
  prefix: string;
  issuer: InvoiceIssuer;
  /** How often the scan runs (WORKER_BILLING_CLOSE_INTERVAL_MS). */
  intervalMs: number;
  /** Tenant closes at once per process (each holds one connection for its transaction). */
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  metrics: WorkerMetrics;
  /** Tenants per scan query. */
  scanPageSize?: number;
}

export interface BillingCloseWorker {
  worker: Worker;
  queue: TypedQueue<"billingClose">;
  /** Settles once the schedule is registered. */
  scheduled: Promise<void>;
  close(): Promise<void>;
}

const SYSTEM_ACTOR = { system: "billing-close" };

/**
 * Consumes the billing-close queue: a scan (scheduled) starts a billing run of the tenants whose open period is due
 * (recorded when it finds any not already in a run) and enqueues one close job per tenant due; a tenant job
 * finalizes that tenant's due periods (closeDuePeriods) and records a failed attempt on its run outcome. A worker
 * killed mid-close loses nothing: its transaction rolls back, the job's lock expires, and the job runs again,
 * finding whatever committed already closed.
 */
export function startBillingCloseWorker(options: BillingCloseWorkerOptions): BillingCloseWorker {
  const queue: TypedQueue<"billingClose"> = createTypedQueue("billingClose", options.connection, options.prefix);
  const scheduled = scheduleBillingCloses(queue, options.intervalMs);
  const pageSize = options.scanPageSize ?? 1000;
  // The schedule's jobs keep the catalog's attempts (about half an hour of retries).
  const closes: BillingCloses = { enqueue: (due, enqueue) => enqueueTenantCloses(queue, due, enqueue) };
  const worker = createTypedWorker(
    "billingClose",
    options.connection,
    options.prefix,
    async (payload, job) => {
      if (payload.kind === "scan") {
        await startBillingRun(options.db, SYSTEM_ACTOR, closes, { pageSize });
        return;
      }
      await closeTenant(options, payload.tenantId, job);
    },
    {
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
    },
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

async function closeTenant(options: BillingCloseWorkerOptions, tenantId: string, job: Job): Promise<void> {
  const attempt = job.attemptsMade + 1;
  let results;
  try {
    results = await closeDuePeriods(options.db, tenantId, options.issuer, SYSTEM_ACTOR);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const final = error instanceof UnrecoverableError || attempt >= (job.opts.attempts ?? 1);
    await recordBillingCloseFailure(options.db, tenantId, { message, attempt, final });
    throw error;
  }
  for (const result of results) {
    if (result.status === "closed") options.metrics.invoicesFinalized.inc(result.invoices.length);
  }
  const last = results.at(-1);
  // A run's tenant that is not due when its job runs (its grace period was lengthened meanwhile) would otherwise
  // stay pending for ever: it is listed as failed, with when it can be closed.
  if (last?.status === "not_due") {
    const message = `not due: the period from ${last.periodStart.toISOString()} can be closed from ${last.dueAt.toISOString()}`;
    await recordBillingCloseFailure(options.db, tenantId, { message, attempt, final: true });
  }
}
