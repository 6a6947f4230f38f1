/**
 * Port for the usage jobs that failed all their attempts (BullMQ's failed set). The transport binds it to the usage
 * queue (apps/api: @tollgate/queues' listFailedJobs, replayFailedJob(s), discardFailedJob), so procedures never hold
 * a queue. Its methods throw AppErrors: not_found and conflict for a job, unavailable while Redis is away.
 */
export interface FailedUsageJobs {
  /** Most recently failed first. */
  list(page: { limit: number; offset: number }): Promise<{ total: number; jobs: FailedUsageJobSummary[] }>;
  /** Moves one failed job back to waiting with a fresh attempt budget. */
  replay(jobId: string): Promise<void>;
  /** Replays up to `max` failed jobs (default and at most MAX_FAILED_JOBS_REPLAY of @tollgate/queues), oldest failure first. */
  replayAll(max: number | undefined): Promise<{ replayed: number; remaining: number }>;
  /** Deletes one failed job for good; its events are not recorded. */
  discard(jobId: string): Promise<void>;
  /** Deletes up to `max` failed jobs (default and at most MAX_FAILED_JOBS_REPLAY), oldest failure first. */
  discardAll(max: number | undefined): Promise<{ discarded: number; remaining: number }>;
}

/** What an operator needs to triage a failed job; the payload itself is summarized, never returned. */
export interface FailedUsageJobSummary {
  id: string;
  /** Every tenant with events in the job (a job may span tenants). */
  tenantIds: string[];
  /** Events over all the job's tenants; null if the payload is unreadable. */
  eventCount: number | null;
  failedReason: string;
  attemptsMade: number;
  createdAt: Date;
  processedAt: Date | null;
  failedAt: Date | null;
}
