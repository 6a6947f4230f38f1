import type { TypedQueue } from "./producer.ts";

/** The id of the job scheduler that enqueues the periodic close scan (one per queue prefix). */
export const BILLING_CLOSE_SCHEDULER_ID = "billing-close-scan";

/**
 * One tenant's close of the period starting at `periodStart` (a UTC midnight): the same (tenant, period) is queued
 * at most once while its job is kept. BullMQ refuses ':' in custom ids, so the period is its UTC date.
 */
export function billingCloseJobId(tenantId: string, periodStart: Date): string {
  return `close-${tenantId}-${periodStart.toISOString().slice(0, 10)}`;
}

/**
 * Creates or updates the scheduler of the close scan. Idempotent, so every worker process calls it at start; the
 * last interval written wins.
 */
export async function scheduleBillingCloses(queue: TypedQueue<"billingClose">, everyMs: number): Promise<void> {
  await queue.queue.upsertJobScheduler(
    BILLING_CLOSE_SCHEDULER_ID,
    { every: everyMs },
    { name: queue.queue.name, data: { kind: "scan" } },
  );
}

/** Fans a scan out: one job per tenant due, with a deterministic id per (tenant, period). */
export async function enqueueTenantCloses(
  queue: TypedQueue<"billingClose">,
  due: readonly { tenantId: string; periodStart: Date }[],
): Promise<void> {
  if (due.length === 0) return;
  await queue.queue.addBulk(
    due.map(({ tenantId, periodStart }) => ({
      name: queue.queue.name,
      data: { kind: "tenant" as const, tenantId },
      opts: { jobId: billingCloseJobId(tenantId, periodStart) },
    })),
  );
}
