import type { DueClose } from "../invoices/tenants-due-for-close.ts";

/**
 * Port for queueing tenant closes (apps/api and the worker bind it to the billing-closes queue with the
 * deterministic job id per (tenant, period)), so use cases never hold a queue. Its methods throw on a Redis failure.
 */
export interface BillingCloses {
  /**
   * One close job per (tenant, period); a job already queued under the same id is not added again. `again`: a job
   * kept as failed or completed under that id is moved back to waiting with fresh attempts (an operator's retry).
   */
  enqueue(due: readonly DueClose[], options?: { again?: boolean }): Promise<void>;
}

/** The port, which every transport serving billing runs provides; without it they fail loudly. */
export function requireBillingCloses(closes: BillingCloses | undefined): BillingCloses {
  if (!closes) throw new Error("a billing run was started without the billingCloses port");
  return closes;
}
