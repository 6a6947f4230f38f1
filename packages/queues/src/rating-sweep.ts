import { randomUUID } from "node:crypto";
import type { TypedQueue } from "./producer.ts";

/**
 * How long a requested sweep waits before it runs, so a burst of price changes (an operator editing several models,
 * a bulk migration) is rated by one sweep instead of one per change.
 */
export const RATING_SWEEP_DEBOUNCE_MS = 2000;

/** The id of the job scheduler that enqueues the periodic `schedule` sweep (one per queue prefix). */
export const RATING_SWEEP_SCHEDULER_ID = "rating-sweep-schedule";

/**
 * Asks for a rating sweep after a price-affecting change has been committed: of one tenant's unrated events, or
 * of every tenant's when `tenantId` is absent.
 *
 * Requests for the same scope are collapsed with BullMQ deduplication, and none is ever dropped when it matters:
 * - while a sweep of that scope waits (debounce delay or queue), a new request adds nothing: that sweep has not
 *   started yet, so it reads the committed change;
 * - while one is running (it may already have passed the events the change prices), `keepLastIfActive` keeps the
 *   request and BullMQ enqueues one more sweep as soon as the running one finishes.
 * So a burst yields at most one running and one pending sweep per scope. The job id only has to be unique (a
 * retained finished job with the same id would swallow the request); the deduplication id is the deterministic part.
 */
export async function requestRatingSweep(queue: TypedQueue<"ratingSweep">, tenantId?: string): Promise<void> {
  const scope = tenantId ?? "all";
  await queue.add(
    `rating-sweep-price-change-${scope}-${randomUUID()}`,
    tenantId === undefined ? { reason: "price_change" } : { reason: "price_change", tenantId },
    {
      delay: RATING_SWEEP_DEBOUNCE_MS,
      deduplication: { id: `rating-sweep-price-change-${scope}`, keepLastIfActive: true },
    },
  );
}

/**
 * Creates or updates the scheduler that enqueues a `schedule` sweep (all tenants) every `everyMs`. Idempotent, so
 * every worker process calls it at start; the last interval written wins. The periodic sweep is the backstop for
 * changes that request no sweep (prices:sync, SQL), for requests lost while Redis was unreachable, and for events a
 * sweep skipped because another transaction held them.
 */
export async function scheduleRatingSweeps(queue: TypedQueue<"ratingSweep">, everyMs: number): Promise<void> {
  await queue.queue.upsertJobScheduler(
    RATING_SWEEP_SCHEDULER_ID,
    { every: everyMs },
    { name: queue.queue.name, data: { reason: "schedule" } },
  );
}
