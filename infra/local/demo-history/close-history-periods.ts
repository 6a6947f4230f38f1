import type { Db } from "@tollgate/db";
import { startBillingRun, type BillingCloses } from "@tollgate/use-cases/billing-runs";
import { closeBillingPeriod, closeDuePeriods, type InvoiceIssuer } from "@tollgate/use-cases/invoices";
import type { Pool } from "pg";

const BY = { system: "demo-history" } as const;
// Asked this early, a close never writes: it only answers when the tenant's first open period is due.
const NEVER_DUE = new Date(0);

/**
 * Closes the demo tenants' ended billing periods, oldest first, as the worker's schedule would have: at each moment
 * a period fell due (its end plus the tenant's grace) a billing run is started then (`startBillingRun`: one outcome
 * per tenant due) and its tenants are closed as the billing-close jobs close them (`closeDuePeriods` at that time),
 * which settles the run. Each invoice then has its own issue and due dates (September's issued on October 2), and the
 * billing runs page lists one run per month. A period that has ended but is still in its grace is not due for the
 * schedule: it is closed now, as an operator's close. Returns the numbers of the invoices finalized; a second run
 * finds nothing due and starts no run.
 */
export async function closeHistoryPeriods(
  db: Db,
  pool: Pool,
  tenantIds: readonly string[],
  issuer: InvoiceIssuer,
  now: Date,
): Promise<string[]> {
  const numbers: string[] = [];
  for (let guard = 0; guard < 120; guard++) {
    const next = await earliestDue(db, tenantIds, issuer, now);
    if (!next) return numbers;
    if (next.dueAt > now) break;
    const at = next.dueAt;
    // The port the billing-close queue binds, run in line: each tenant's job, at the time the run found it due.
    const closes: BillingCloses = {
      enqueue: async (due) => {
        for (const close of due) {
          const results = await closeDuePeriods(db, close.tenantId, issuer, BY, { now: at });
          for (const result of results) {
            if (result.status !== "closed") continue;
            numbers.push(...result.invoices.flatMap((invoice) => (invoice.number ? [invoice.number] : [])));
          }
        }
      },
    };
    const started = await startBillingRun(db, BY, closes, { now: at });
    if (!started) throw new Error(`no billing run started at ${at.toISOString()} although a period was due`);
    // Recorded as the schedule would have: the run found its tenants and finished at the time it stands for.
    await pool.query("UPDATE billing_runs SET created_at = $2, finished_at = $2 WHERE id = $1 AND created_at > $2", [
      started.run.id,
      at,
    ]);
  }
  // Ended, but still in the grace the schedule waits: closed now, as an operator would, each tenant's own.
  for (const tenantId of tenantIds) {
    const next = await closeBillingPeriod(db, tenantId, issuer, BY, { now: NEVER_DUE });
    if (next.status !== "not_due" || next.periodEnd > now) continue;
    const close = await closeBillingPeriod(db, tenantId, issuer, BY, { now, skipGrace: true });
    if (close.status !== "closed") continue;
    numbers.push(...close.invoices.flatMap((invoice) => (invoice.number ? [invoice.number] : [])));
  }
  return numbers;
}

/** The demo tenants' first ended open period falling due first, with when; null when none has ended. */
async function earliestDue(
  db: Db,
  tenantIds: readonly string[],
  issuer: InvoiceIssuer,
  now: Date,
): Promise<{ dueAt: Date } | null> {
  let earliest: { dueAt: Date } | null = null;
  for (const tenantId of tenantIds) {
    const next = await closeBillingPeriod(db, tenantId, issuer, BY, { now: NEVER_DUE });
    if (next.status !== "not_due" || next.periodEnd > now) continue;
    if (!earliest || next.dueAt < earliest.dueAt) earliest = { dueAt: next.dueAt };
  }
  return earliest;
}
