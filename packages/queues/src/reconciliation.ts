import type { TypedQueue } from "./producer.ts";

/** The id of the job scheduler that enqueues the periodic reconciliation run (one per queue prefix). */
export const RECONCILIATION_SCHEDULER_ID = "reconciliation-schedule";

/**
 * Creates or updates the scheduler of the reconciliation run. Idempotent, so every worker process calls it at
 * start; the last interval written wins. BullMQ runs the first one at once.
 */
export async function scheduleReconciliation(queue: TypedQueue<"reconciliation">, everyMs: number): Promise<void> {
  await queue.queue.upsertJobScheduler(
    RECONCILIATION_SCHEDULER_ID,
    { every: everyMs },
    { name: queue.queue.name, data: { reason: "schedule" } },
  );
}
