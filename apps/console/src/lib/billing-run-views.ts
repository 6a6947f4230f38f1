import type { RouterOutputs } from "./router-types.ts";

export type BillingRun = RouterOutputs["billingRuns"]["list"]["runs"][number];
export type BillingRunTenant = RouterOutputs["billingRuns"]["get"]["tenants"][number];

export const RUN_STATUS_LABELS: Record<BillingRun["status"], string> = {
  running: "Running",
  succeeded: "Succeeded",
  failed: "Has failures",
};

export const RUN_STATUS_COLORS: Record<BillingRun["status"], "blue" | "green" | "red"> = {
  running: "blue",
  succeeded: "green",
  failed: "red",
};

export const OUTCOME_LABELS: Record<BillingRunTenant["status"], string> = {
  pending: "Pending",
  closed: "Closed",
  failed: "Failed",
};

export const OUTCOME_COLORS: Record<BillingRunTenant["status"], "gray" | "green" | "red"> = {
  pending: "gray",
  closed: "green",
  failed: "red",
};

/** Tenants done (closed or failed) out of the run's total, as a whole percentage for the progress bar. */
export function runProgress(run: BillingRun): number {
  if (run.tenants_total === 0) return 100;
  return Math.floor(((run.closed + run.failed) * 100) / run.tenants_total);
}

/** Who started the run, for people: the schedule, the operator's email, or the recorded actor (an API key). */
export function startedByLabel(run: BillingRun): string {
  if (run.started_by.startsWith("system:")) return "the schedule";
  return run.started_by_email ?? run.started_by;
}

/** Pages are numbered from 1 in the URL; the operations take an offset. */
export function pageOffset(page: number | undefined, size: number): number {
  return ((page ?? 1) - 1) * size;
}
