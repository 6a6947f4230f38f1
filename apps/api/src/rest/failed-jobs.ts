import { AppError } from "@tollgate/domain";
import {
  discardFailedJob,
  discardFailedJobs,
  listFailedJobs,
  replayFailedJob,
  replayFailedJobs,
  type QueueKey,
} from "@tollgate/queues";
import type { FailedJobs } from "@tollgate/trpc";
import type { Queue } from "bullmq";
import type { FastifyBaseLogger } from "fastify";

/** The catalog's queues by key (the server's one `catalogQueues` handle, shared with the pipeline probe). */
export type QueueOf = (key: QueueKey) => Queue;

/** The failed-jobs port over every catalog queue, for both /trpc and REST contexts. */
export function failedJobsPort(queueOf: QueueOf, log: FastifyBaseLogger): FailedJobs {
  const onQueue = <T>(operation: () => Promise<T>) => runOnQueue(log, operation);
  return {
    list: (key, page) => onQueue(() => listFailedJobs(queueOf(key), page)),
    replay: (key, jobId) => onQueue(() => replayFailedJob(queueOf(key), jobId)),
    replayAll: (key, max) => onQueue(() => replayFailedJobs(queueOf(key), max)),
    discard: (key, jobId) => onQueue(() => discardFailedJob(queueOf(key), jobId)),
    discardAll: (key, max) => onQueue(() => discardFailedJobs(queueOf(key), max)),
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
    log.error({ err: error }, "queue operation on failed jobs failed");
    throw new AppError("unavailable", "the queue store (Redis) is unavailable; try again shortly", {
      retryAfterSeconds: 5,
    });
  }
}
