import type { TypedQueue } from "./producer.ts";

/** The id of the job scheduler that enqueues the periodic credit-forecast scan (one per queue prefix). */
export const CREDIT_FORECAST_SCHEDULER_ID = "credit-forecast-scan";

/**
 * Creates or updates the scheduler of the credit-forecast scan. Idempotent, so every worker process calls it at
 * start; the last interval written wins. BullMQ runs the first one at once.
 */
export async function scheduleCreditForecasts(queue: TypedQueue<"creditForecast">, everyMs: number): Promise<void> {
  await queue.queue.upsertJobScheduler(
    CREDIT_FORECAST_SCHEDULER_ID,
    { every: everyMs },
    { name: queue.queue.name, data: { reason: "schedule" } },
  );
}
