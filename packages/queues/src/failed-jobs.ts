import { AppError } from "@tollgate/domain";
import type { Job, Queue } from "bullmq";

/**
 * Operator tools for the jobs of any catalog queue that failed all their attempts (usage keeps them until an operator
 * acts, `removeOnFail: false`; the other queues keep their newest ones). Replaying is safe because every consumer is
 * idempotent: usage events and ledger lines have Postgres unique keys, a billing close finds the periods already
 * closed (billed_through), a webhook delivery that succeeded is not sent again, simulations skip the tenants they
 * stored, and the scans (rating sweep, reconciliation, credit forecasts, analytics) recompute or dedupe.
 */

/** What an operator needs to triage a failed job; the payload itself is summarized, never returned. */
export interface FailedJobSummary {
  id: string;
  name: string;
  /**
   * Every tenant the job names, in first-seen order: a usage job's groups (it may span tenants), another queue's
   * `tenantId` (a billing close, a webhook delivery); empty if it names none or is unreadable.
   */
  tenantIds: string[];
  /** Events over all the job's groups; null if the payload is unreadable or carries no events (other queues). */
  eventCount: number | null;
  failedReason: string;
  attemptsMade: number;
  createdAt: Date;
  processedAt: Date | null;
  failedAt: Date | null;
}

export interface FailedJobList {
  total: number;
  jobs: FailedJobSummary[];
}

export const MAX_FAILED_JOBS_PAGE = 100;
export const MAX_FAILED_JOBS_REPLAY = 1000;
// A failed reason can quote a long validation error; the list stays small.
const MAX_REASON_LENGTH = 1000;

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * The (tenant, events) groups of a job's payload, read leniently: a failed job may be failed precisely because its
 * payload is invalid, and still has to be listed. Both the current shape (`batches`) and the pre-upgrade one
 * (top-level `tenantId` and `events`) are read; the other queues' payloads name at most a top-level `tenantId`.
 */
function payloadGroups(data: unknown): { tenantId: unknown; events: unknown }[] | null {
  const record = asRecord(data);
  if (Array.isArray(record.batches)) {
    return record.batches.map((group) => {
      const fields = asRecord(group);
      return { tenantId: fields.tenantId, events: fields.events };
    });
  }
  if ("tenantId" in record || "events" in record) return [{ tenantId: record.tenantId, events: record.events }];
  return null;
}

function summarize(job: Job): FailedJobSummary {
  const groups = payloadGroups(job.data) ?? [];
  const tenantIds = [
    ...new Set(groups.flatMap((group) => (typeof group.tenantId === "string" ? [group.tenantId] : []))),
  ];
  const counted = groups.filter((group) => Array.isArray(group.events));
  const eventCount =
    counted.length > 0 ? counted.reduce((sum, group) => sum + (group.events as unknown[]).length, 0) : null;
  // Older or foreign jobs may lack a reason.
  const reason = job.failedReason || "";
  return {
    id: job.id ?? "",
    name: job.name,
    tenantIds,
    eventCount,
    failedReason: reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH)}…` : reason,
    attemptsMade: job.attemptsMade,
    createdAt: new Date(job.timestamp),
    processedAt: job.processedOn ? new Date(job.processedOn) : null,
    failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
  };
}

/** Failed jobs, most recently failed first. */
export async function listFailedJobs(queue: Queue, page: { limit: number; offset: number }): Promise<FailedJobList> {
  const limit = Math.min(Math.max(page.limit, 1), MAX_FAILED_JOBS_PAGE);
  const [total, jobs] = await Promise.all([
    queue.getFailedCount(),
    queue.getFailed(page.offset, page.offset + limit - 1),
  ]);
  return { total, jobs: jobs.map(summarize) };
}

async function requireFailedJob(queue: Queue, jobId: string): Promise<Job> {
  const job = await queue.getJob(jobId);
  if (!job) throw new AppError("not_found", `no job ${jobId}`);
  const state = await job.getState();
  if (state !== "failed") throw new AppError("conflict", `job ${jobId} is ${state}, not failed`);
  return job;
}

/**
 * Moves one failed job back to waiting with its attempts reset, so it gets its full retry budget again.
 * BullMQ checks the state atomically, so a job replayed concurrently is reported as a conflict, not run twice.
 */
export async function replayFailedJob(queue: Queue, jobId: string): Promise<void> {
  const job = await requireFailedJob(queue, jobId);
  try {
    await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
  } catch (error) {
    if ((await job.getState()) !== "failed") throw new AppError("conflict", `job ${jobId} is no longer failed`);
    throw error;
  }
}

/** Replays up to `max` failed jobs (oldest failures first); call again while `remaining` > 0. */
export async function replayFailedJobs(
  queue: Queue,
  max: number = MAX_FAILED_JOBS_REPLAY,
): Promise<{ replayed: number; remaining: number }> {
  const bound = Math.min(Math.max(max, 1), MAX_FAILED_JOBS_REPLAY);
  const ids = await queue.getRanges(["failed"], 0, bound - 1, true);
  let replayed = 0;
  for (const id of ids) {
    try {
      await replayFailedJob(queue, id);
      replayed += 1;
    } catch (error) {
      // Replayed or discarded by someone else meanwhile: nothing left to do for it.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return { replayed, remaining: await queue.getFailedCount() };
}

/** Deletes one failed job for good (its events are not recorded). */
export async function discardFailedJob(queue: Queue, jobId: string): Promise<void> {
  const job = await requireFailedJob(queue, jobId);
  try {
    await job.remove();
  } catch (error) {
    if ((await job.getState()) !== "failed") throw new AppError("conflict", `job ${jobId} is no longer failed`);
    throw error;
  }
}

/** Discards up to `max` failed jobs (oldest failures first) for good; call again while `remaining` > 0. */
export async function discardFailedJobs(
  queue: Queue,
  max: number = MAX_FAILED_JOBS_REPLAY,
): Promise<{ discarded: number; remaining: number }> {
  const bound = Math.min(Math.max(max, 1), MAX_FAILED_JOBS_REPLAY);
  const ids = await queue.getRanges(["failed"], 0, bound - 1, true);
  let discarded = 0;
  for (const id of ids) {
    try {
      await discardFailedJob(queue, id);
      discarded += 1;
    } catch (error) {
      // Replayed or discarded by someone else meanwhile: nothing left to do for it.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return { discarded, remaining: await queue.getFailedCount() };
}
