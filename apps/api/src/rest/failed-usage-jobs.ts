import { AppError } from "@tollgate/domain";
import {
  discardFailedJob,
  listFailedJobs,
  MAX_FAILED_JOBS_PAGE,
  MAX_FAILED_JOBS_REPLAY,
  replayFailedJob,
  replayFailedJobs,
  type TypedQueue,
} from "@tollgate/queues";
import { FAILED_JOBS_PAGE_MAX, FAILED_JOBS_REPLAY_MAX, type FailedUsageJobs } from "@tollgate/trpc";
import type { FastifyBaseLogger } from "fastify";

/**
 * The queue functions' bounds, which the operations validate against: each side is a literal type, so this fails to
 * compile if they ever differ.
 */
export const FAILED_JOB_BOUNDS: { page: typeof FAILED_JOBS_PAGE_MAX; replay: typeof FAILED_JOBS_REPLAY_MAX } = {
  page: MAX_FAILED_JOBS_PAGE,
  replay: MAX_FAILED_JOBS_REPLAY,
};

/** The failed-usage-jobs port over the usage queue, for both /trpc and REST contexts. */
export function failedUsageJobsPort(usageQueue: TypedQueue<"usage">, log: FastifyBaseLogger): FailedUsageJobs {
  const { queue } = usageQueue;
  const onQueue = <T>(operation: () => Promise<T>) => runOnQueue(log, operation);
  return {
    list: (page) => onQueue(() => listFailedJobs(queue, page)),
    replay: (jobId) => onQueue(() => replayFailedJob(queue, jobId)),
    replayAll: (max) => onQueue(() => replayFailedJobs(queue, max ?? FAILED_JOB_BOUNDS.replay)),
    discard: (jobId) => onQueue(() => discardFailedJob(queue, jobId)),
  };
}

/**
 * Runs a queue operation. Its failures are Redis being away or stalled (the producer connection fails fast), so they
 * answer 503 to come back from; the cause is logged in full.
 */
async function runOnQueue<T>(log: FastifyBaseLogger, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof AppError) throw error;
    log.error({ err: error }, "usage queue operation failed");
    throw new AppError("unavailable", "the queue store (Redis) is unavailable; try again shortly", {
      retryAfterSeconds: 5,
    });
  }
}
