import type { QueueKey } from "@tollgate/queues";

/**
 * Port for the jobs of every catalog queue that failed all their attempts (BullMQ's failed sets). The transport binds
 * it to the catalog's queues (apps/api: @tollgate/queues' listFailedJobs, replayFailedJob(s), discardFailedJob(s)),
 * so procedures never hold a queue. Its methods throw AppErrors: not_found and conflict for a job, unavailable while
 * Redis is away. The queue is a catalog key, validated by the procedure's input before it gets here.
 */
export interface FailedJobs {
  /** Most recently failed first. */
  list(queue: QueueKey, page: { limit: number; offset: number }): Promise<{ total: number; jobs: FailedJobSummary[] }>;
  /** Moves one failed job back to waiting with a fresh attempt budget. */
  replay(queue: QueueKey, jobId: string): Promise<void>;
  /** Replays up to `max` failed jobs (default and at most MAX_FAILED_JOBS_REPLAY of @tollgate/queues), oldest failure first. */
  replayAll(queue: QueueKey, max: number | undefined): Promise<{ replayed: number; remaining: number }>;
  /** Deletes one failed job for good; it never runs. */
  discard(queue: QueueKey, jobId: string): Promise<void>;
  /** Deletes up to `max` failed jobs (default and at most MAX_FAILED_JOBS_REPLAY), oldest failure first. */
  discardAll(queue: QueueKey, max: number | undefined): Promise<{ discarded: number; remaining: number }>;
}

/** What an operator needs to triage a failed job; the payload itself is summarized, never returned. */
export interface FailedJobSummary {
  id: string;
  /** Every tenant the job names (a usage job may span tenants; a billing close or webhook delivery names one). */
  tenantIds: string[];
  /** Events over all the job's tenants; null if the payload is unreadable or carries no events (other queues). */
  eventCount: number | null;
  failedReason: string;
  attemptsMade: number;
  createdAt: Date;
  processedAt: Date | null;
  failedAt: Date | null;
}
