import { BILLING_RUN_JOB_OPTIONS, enqueueTenantCloses, type TypedQueue } from "@tollgate/queues";
import type { BillingCloses } from "@tollgate/use-cases/billing-runs";

/**
 * The billing-closes port over the worker's queue: one job per (tenant, period) under the schedule's deterministic
 * id, so a run and the schedule never queue one close twice. An operator's run gets few, quick attempts
 * (BILLING_RUN_JOB_OPTIONS). A Redis failure fails the request, so the operator knows.
 */
export function billingClosesPort(queue: TypedQueue<"billingClose"> | undefined): BillingCloses | undefined {
  if (!queue) return undefined;
  return {
    enqueue: (due, options) => enqueueTenantCloses(queue, due, { ...options, jobOptions: BILLING_RUN_JOB_OPTIONS }),
  };
}
