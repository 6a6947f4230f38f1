import type { TypedQueue } from "./producer.ts";

/** The id of the job scheduler that enqueues the periodic analytics refresh (one per queue prefix). */
export const ANALYTICS_REFRESH_SCHEDULER_ID = "analytics-refresh";

/**
 * Creates or updates the scheduler of the analytics refresh. Idempotent, so every worker process calls it at start;
 * the last interval written wins. BullMQ runs the first one at once.
 */
export async function scheduleAnalyticsRefresh(queue: TypedQueue<"analyticsRefresh">, everyMs: number): Promise<void> {
  await queue.queue.upsertJobScheduler(
    ANALYTICS_REFRESH_SCHEDULER_ID,
    { every: everyMs },
    { name: queue.queue.name, data: { reason: "schedule" } },
  );
}
