import type { Db } from "@tollgate/db";
import { RECONCILIATION_CHECKS } from "@tollgate/domain";
import { createTypedQueue, createTypedWorker, scheduleReconciliation, type TypedQueue } from "@tollgate/queues";
import {
  runReconciliation,
  type ReconciliationOptions,
  type ReconciliationRunResult,
} from "@tollgate/use-cases/reconciliation";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { WorkerMetrics } from "../worker-metrics.ts";

/** The part of the process logger (pino) a run reports to. */
export interface ReconciliationLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ReconciliationWorkerOptions {
  db: Db;
  /** A worker-role connection (BullMQ makes its own blocking connection from it). */
  connection: Redis;
  prefix: string;
  /** How often a run is scheduled (WORKER_RECONCILIATION_INTERVAL_MS). */
  intervalMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  metrics: WorkerMetrics;
  log: ReconciliationLog;
  reconciliation: ReconciliationOptions;
}

export interface ReconciliationWorker {
  worker: Worker;
  queue: TypedQueue<"reconciliation">;
  /** Settles once the schedule is registered. */
  scheduled: Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs the reconciliation and raises what it found: the findings are stored with the run (the operators' alert
 * surface, GET /v1/admin/reconciliation/runs), the drift gauge is set per check (0 for a clean check, so an alert
 * rule on > 0 clears by itself), the run is counted by outcome, and drift is logged at error level.
 */
export async function reconcileAndReport(
  db: Db,
  metrics: WorkerMetrics,
  log: ReconciliationLog,
  options: ReconciliationOptions,
): Promise<ReconciliationRunResult> {
  let result: ReconciliationRunResult;
  try {
    result = await runReconciliation(db, options);
  } catch (error) {
    metrics.reconciliationRuns.inc({ status: "failed" });
    throw error;
  }
  for (const check of RECONCILIATION_CHECKS) {
    metrics.reconciliationDriftFindings.set({ check }, result.findingsByCheck[check]);
  }
  metrics.reconciliationRuns.inc({ status: result.status });
  metrics.reconciliationLastRun.set(Date.now() / 1000);
  const summary = {
    runId: result.id,
    tenants: result.tenantsChecked,
    eventPeriods: result.eventPeriodsChecked,
    invoices: result.invoicesChecked,
    findings: result.findingsByCheck,
  };
  if (result.status === "drift") {
    log.error({ ...summary, sample: result.sample }, "billing reconciliation found drift");
  } else {
    log.info(summary, "billing reconciliation clean");
  }
  return result;
}

/** Consumes the reconciliation queue, one run at a time per process, and registers the schedule. */
export function startReconciliationWorker(options: ReconciliationWorkerOptions): ReconciliationWorker {
  const queue: TypedQueue<"reconciliation"> = createTypedQueue("reconciliation", options.connection, options.prefix);
  const scheduled = scheduleReconciliation(queue, options.intervalMs);
  const worker = createTypedWorker(
    "reconciliation",
    options.connection,
    options.prefix,
    async () => {
      await reconcileAndReport(options.db, options.metrics, options.log, options.reconciliation);
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
