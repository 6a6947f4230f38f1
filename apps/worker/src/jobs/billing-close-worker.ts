import type { Db } from "@tollgate/db";
import {
  createTypedQueue,
  createTypedWorker,
  enqueueTenantCloses,
  scheduleBillingCloses,
  type TypedQueue,
} from "@tollgate/queues";
import { closeDuePeriods, tenantsDueForClose, type InvoiceIssuer } from "@tollgate/use-cases/invoices";
import type { Worker } from "bullmq";
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
 * Consumes the billing-close queue: a scan (scheduled) pages through the tenants and enqueues one close job per
 * tenant whose open period is due; a tenant job finalizes that tenant's due periods (closeDuePeriods). A worker
 * killed mid-close loses nothing: its transaction rolls back, the job's lock expires, and the job runs again,
 * finding whatever committed already closed.
 */
export function startBillingCloseWorker(options: BillingCloseWorkerOptions): BillingCloseWorker {
  const queue: TypedQueue<"billingClose"> = createTypedQueue("billingClose", options.connection, options.prefix);
  const scheduled = scheduleBillingCloses(queue, options.intervalMs);
  const pageSize = options.scanPageSize ?? 1000;
  const worker = createTypedWorker(
    "billingClose",
    options.connection,
    options.prefix,
    async (payload) => {
      if (payload.kind === "scan") {
        const now = new Date();
        let afterId: string | null = null;
        do {
          const page = await tenantsDueForClose(options.db, now, { afterId, limit: pageSize });
          await enqueueTenantCloses(queue, page.due);
          afterId = page.lastId;
        } while (afterId !== null);
        return;
      }
      const results = await closeDuePeriods(options.db, payload.tenantId, options.issuer, SYSTEM_ACTOR);
      for (const result of results) {
        if (result.status === "closed") options.metrics.invoicesFinalized.inc(result.invoices.length);
      }
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
