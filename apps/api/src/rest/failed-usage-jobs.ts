import { AppError } from "@tollgate/domain";
import {
  discardFailedJob,
  discardFailedJobs,
  listFailedJobs,
  replayFailedJob,
  replayFailedJobs,
  type TypedQueue,
} from "@tollgate/queues";
import type { FailedUsageJobs } from "@tollgate/trpc";
import type { FastifyBaseLogger } from "fastify";

/** The failed-usage-jobs port over the usage queue, for both /trpc and REST contexts. */
export function failedUsageJobsPort(usageQueue: TypedQueue<"usage">, log: FastifyBaseLogger): FailedUsageJobs {
  const { queue } = usageQueue;
  const onQueue = <T>(operation: () => Promise<T>) => runOnQueue(log, operation);
  return {
    list: (page) => onQueue(() => listFailedJobs(queue, page)),
    replay: (jobId) => onQueue(() => replayFailedJob(queue, jobId)),
    replayAll: (max) => onQueue(() => replayFailedJobs(queue, max)),
    discard: (jobId) => onQueue(() => discardFailedJob(queue, jobId)),
    discardAll: (max) => onQueue(() => discardFailedJobs(queue, max)),
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
