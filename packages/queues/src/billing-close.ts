import type { TypedQueue } from "./producer.ts";

/** The id of the job scheduler that enqueues the periodic close scan (one per queue prefix). */
export const BILLING_CLOSE_SCHEDULER_ID = "billing-close-scan";

/**
 * One tenant's close of the period starting at `periodStart` (a UTC midnight): the same (tenant, period) is queued
 * at most once while its job is kept. BullMQ refuses ':' in custom ids, so the period is its UTC date.
 */
export function billingCloseJobId(tenantId: string, periodStart: Date): string {
  return `close-${tenantId}-${periodStart.toISOString().slice(0, 10)}`;
}

/**
 * Creates or updates the scheduler of the close scan. Idempotent, so every worker process calls it at start; the
 * last interval written wins.
 */
export async function scheduleBillingCloses(queue: TypedQueue<"billingClose">, everyMs: number): Promise<void> {
  await queue.queue.upsertJobScheduler(
    BILLING_CLOSE_SCHEDULER_ID,
    { every: everyMs },
    { name: queue.queue.name, data: { kind: "scan" } },
  );
}

/**
 * Fans a scan out: one job per tenant due, with a deterministic id per (tenant, period). A tenant still due whose
 * job failed for good is run again (see retryFailedCloses).
 */
export async function enqueueTenantCloses(
  queue: TypedQueue<"billingClose">,
  due: readonly { tenantId: string; periodStart: Date }[],
  options: EnqueueCloseOptions = {},
): Promise<void> {
  if (due.length === 0) return;
  const ids = due.map(({ tenantId, periodStart }) => billingCloseJobId(tenantId, periodStart));
  await queue.queue.addBulk(
    due.map(({ tenantId }, index) => ({
      name: queue.queue.name,
      data: { kind: "tenant" as const, tenantId },
      opts: { ...options.jobOptions, jobId: ids[index] ?? "" },
    })),
  );
  await retryFailedCloses(queue, ids, options.again === true);
}

export interface EnqueueCloseOptions {
  /** Also move jobs kept as completed under these ids back to waiting (an operator's retry of a failed outcome). */
  again?: boolean;
  /** Options of newly added jobs (an id already queued keeps its own). */
  jobOptions?: { attempts: number; backoff: { type: "exponential"; delay: number } };
}

/**
 * Jobs of an operator's billing run: three attempts a second apart (then doubling), so a tenant that cannot be
 * closed is listed as failed within seconds while the operator watches; they retry it from the run. The schedule's
 * jobs keep the catalog's half hour of retries.
 */
export const BILLING_RUN_JOB_OPTIONS = { attempts: 3, backoff: { type: "exponential", delay: 1000 } } as const;

/**
 * A close whose job used up every attempt (Postgres away for longer than the backoff, a bug since fixed) keeps its
 * id in the failed set, and adding a job under a kept id does nothing: without this the tenant would stay unbilled
 * however often the scan found it due. Such jobs start over with fresh attempts. One ZCARD when nothing failed.
 */
async function retryFailedCloses(
  queue: TypedQueue<"billingClose">,
  ids: readonly string[],
  completedToo: boolean,
): Promise<void> {
  const bull = queue.queue;
  if (!completedToo && (await bull.getFailedCount()) === 0) return;
  const states = await Promise.all(ids.map((id) => bull.getJobState(id)));
  for (const [index, state] of states.entries()) {
    if (state !== "failed" && !(completedToo && state === "completed")) continue;
    const job = await bull.getJob(ids[index] ?? "");
    try {
      await job?.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
    } catch (error) {
      // Another scan retried it first; anything else is real.
      if (state === "failed" ? await job?.isFailed() : await job?.isCompleted()) throw error;
    }
  }
}
