import type { Db } from "@tollgate/db";
import type { Principal } from "../access/principal.ts";
import { authorize } from "../access/authorize.ts";
import type { BillingCloses } from "./billing-closes-port.ts";
import { loadBillingRun, type BillingRunView } from "./billing-run-view.ts";
import { refreshBillingRunCounts } from "./run-outcomes.ts";

/**
 * Runs a billing run's failed tenants again (operators): their outcomes go back to pending (the run to running) and
 * their close jobs, kept under the same deterministic ids, are moved back to waiting with fresh attempts.
 * Retrying a run with no failures changes nothing. `not_found` for an unknown run.
 */
export async function retryFailedBillingRun(
  db: Db,
  principal: Principal,
  runId: string,
  closes: BillingCloses,
): Promise<{ run: BillingRunView; retried: number }> {
  authorize(principal, "operator");
  await loadBillingRun(db, runId);
  const retried = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ tenantId: string; periodStart: Date }[]>`
      UPDATE billing_run_tenants SET status = 'pending', attempts = 0, updated_at = now()
       WHERE run_id = ${runId}::uuid AND status = 'failed'
      RETURNING tenant_id::text AS "tenantId", period_start AS "periodStart"`;
    if (rows.length > 0) await refreshBillingRunCounts(tx, [runId]);
    return rows;
  });
  if (retried.length > 0) await closes.enqueue(retried, { again: true });
  return { run: await loadBillingRun(db, runId), retried: retried.length };
}
