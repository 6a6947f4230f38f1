import type { DbOrTx, DbTx } from "@tollgate/db";
import { inTransaction } from "../shared/change-context.ts";

/** Messages are stored for operators to read; a stack-sized one is cut. */
const MAX_ERROR_LENGTH = 2000;

/**
 * Recomputes the runs' counters and status from their outcome rows, under each run's row lock (taken after the
 * outcome rows were written: every writer locks outcome rows first, then the run, so two never wait on each other
 * in opposite orders). A run with nothing pending is finished: succeeded, or failed when any tenant failed.
 */
export async function refreshBillingRunCounts(tx: DbTx, runIds: readonly string[]): Promise<void> {
  for (const runId of [...new Set(runIds)].sort()) {
    await tx.$queryRaw`SELECT id FROM billing_runs WHERE id = ${runId}::uuid FOR UPDATE`;
    // A new statement after the lock: it sees every outcome committed by the run's previous lock holder.
    await tx.$executeRaw`
      WITH c AS (
        SELECT count(*) FILTER (WHERE status = 'closed')::int AS closed,
               count(*) FILTER (WHERE status = 'failed')::int AS failed,
               count(*) FILTER (WHERE status = 'pending')::int AS pending
          FROM billing_run_tenants WHERE run_id = ${runId}::uuid)
      UPDATE billing_runs r
         SET closed = c.closed, failed = c.failed,
             status = CASE WHEN c.pending > 0 THEN 'running' WHEN c.failed > 0 THEN 'failed' ELSE 'succeeded' END,
             finished_at = CASE WHEN c.pending > 0 THEN NULL ELSE coalesce(r.finished_at, now()) END
        FROM c WHERE r.id = ${runId}::uuid`;
  }
}

/**
 * A close committed the tenant's period: its run outcome (if a run holds that period) becomes closed in the same
 * transaction, so a run never shows a closed period as pending, whoever closed it (a run, the schedule, an operator).
 */
export async function settleClosedRunTenant(
  tx: DbTx,
  tenantId: string,
  periodStart: Date,
  invoices: number,
): Promise<void> {
  const rows = await tx.$queryRaw<{ run_id: string }[]>`
    UPDATE billing_run_tenants
       SET status = 'closed', error = NULL, invoices = ${invoices}, updated_at = now()
     WHERE tenant_id = ${tenantId}::uuid AND period_start = ${periodStart}
    RETURNING run_id::text AS run_id`;
  if (rows.length > 0)
    await refreshBillingRunCounts(
      tx,
      rows.map((row) => row.run_id),
    );
}

/**
 * A tenant's close attempt failed: its open run outcomes record the message and attempt; `final` (no attempts left)
 * marks them failed, listed for an operator's retry; otherwise they stay pending while the queue retries.
 */
export async function recordBillingCloseFailure(
  db: DbOrTx,
  tenantId: string,
  failure: { message: string; attempt: number; final: boolean },
): Promise<void> {
  const status = failure.final ? "failed" : "pending";
  await inTransaction(db, async (tx) => {
    const rows = await tx.$queryRaw<{ run_id: string }[]>`
      UPDATE billing_run_tenants
         SET status = ${status}, error = ${storedError(failure.message)}, attempts = ${failure.attempt},
             updated_at = now()
       WHERE tenant_id = ${tenantId}::uuid AND status <> 'closed'
      RETURNING run_id::text AS run_id`;
    if (rows.length > 0)
      await refreshBillingRunCounts(
        tx,
        rows.map((row) => row.run_id),
      );
  });
}

/** Postgres text holds no NUL; the message is for people, so a cut one is enough. */
function storedError(message: string): string {
  // eslint-disable-next-line no-control-regex -- removing NUL is the point
  return message.replace(/\u0000/g, "").slice(0, MAX_ERROR_LENGTH);
}
