import type { Queue } from "bullmq";

/**
 * Jobs accepted but not yet being processed: waiting (incl. prioritized) and delayed (retries backing off while
 * Postgres is away). This is what grows in Redis memory when the worker falls behind, so ingest throttles on it.
 */
export async function readQueueBacklog(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts("waiting", "prioritized", "delayed");
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}
