import { AppError } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { authorize } from "../access/authorize.ts";
import { actorOf } from "../access/principal.ts";
import type { CloseActor } from "../invoices/close-billing-period.ts";
import { tenantsDueForClose, type DueClose } from "../invoices/tenants-due-for-close.ts";
import type { BillingCloses } from "./billing-closes-port.ts";
import { loadBillingRun, type BillingRunView } from "./billing-run-view.ts";
import { refreshBillingRunCounts } from "./run-outcomes.ts";

export interface StartBillingRunResult {
  /** The run holding the tenants due: a new one, or (created false) the run already closing all of them. */
  run: BillingRunView;
  created: boolean;
}

/** Every tenant due at `now`, page by page (10,000 tenants: 10 queries of 1,000). */
export async function allTenantsDue(db: Db, now: Date, pageSize = 1000): Promise<DueClose[]> {
  const due: DueClose[] = [];
  let afterId: string | null = null;
  do {
    const page = await tenantsDueForClose(db, now, { afterId, limit: pageSize });
    due.push(...page.due);
    afterId = page.lastId;
  } while (afterId !== null);
  return due;
}

class NothingClaimed extends Error {}

/**
 * Starts a billing run: records one outcome row per tenant due (unique per (tenant, period), so a tenant's period
 * belongs to one run and starting twice claims nothing twice), then queues every tenant due through `closes`
 * (deterministic job ids: a close already queued is not added again; the close itself is idempotent under the
 * tenant's locks). The due tenants' rows are locked FOR SHARE while the outcomes are written, so a close committing
 * meanwhile either finds the outcome row (and settles it) or is seen here (and the tenant is left out).
 * Nothing due is a `conflict` for an operator, null for the schedule.
 */
export async function startBillingRun(
  db: Db,
  by: CloseActor,
  closes: BillingCloses,
  options: { now?: Date; pageSize?: number } = {},
): Promise<StartBillingRunResult | null> {
  const startedBy = "system" in by ? `system:${by.system}` : actorOf(authorize(by.principal, "operator"));
  const now = options.now ?? new Date();
  const due = await allTenantsDue(db, now, options.pageSize);
  if (due.length === 0) {
    if ("system" in by) return null;
    throw new AppError("conflict", "no tenant is due for a close now");
  }
  let result: StartBillingRunResult;
  try {
    result = await db.$transaction(async (tx) => {
      const ids = due.map((close) => close.tenantId);
      const starts = due.map((close) => close.periodStart);
      const runs = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO billing_runs (id, started_by, at, tenants_total)
        VALUES (gen_random_uuid(), ${startedBy}, ${now}, 0) RETURNING id::text AS id`;
      const runId = runs[0]?.id ?? "";
      const claimed = await tx.$queryRaw<{ n: number }[]>`
        WITH locked AS (
          SELECT t.id, t.billed_through FROM tenants t WHERE t.id = ANY(${ids}::uuid[]) ORDER BY t.id FOR SHARE),
        ins AS (
          INSERT INTO billing_run_tenants (run_id, tenant_id, period_start)
          SELECT ${runId}::uuid, d.tenant_id, d.period_start
            FROM unnest(${ids}::uuid[], ${starts}::timestamptz[]) AS d(tenant_id, period_start)
            JOIN locked l ON l.id = d.tenant_id
           WHERE l.billed_through IS NULL OR l.billed_through <= d.period_start
          ON CONFLICT (tenant_id, period_start) DO NOTHING
          RETURNING 1)
        SELECT count(*)::int AS n FROM ins`;
      const count = claimed[0]?.n ?? 0;
      if (count === 0) throw new NothingClaimed();
      await tx.$executeRaw`UPDATE billing_runs SET tenants_total = ${count} WHERE id = ${runId}::uuid`;
      await refreshBillingRunCounts(tx, [runId]);
      return { run: await loadBillingRun(tx, runId), created: true };
    });
  } catch (error) {
    if (!(error instanceof NothingClaimed)) throw error;
    // Every tenant due is already in a run (still closing, or failed and waiting for a retry): that run answers.
    const holder = await db.$queryRaw<{ run_id: string }[]>`
      SELECT o.run_id::text AS run_id FROM billing_run_tenants o
        JOIN unnest(${due.map((d) => d.tenantId)}::uuid[], ${due.map((d) => d.periodStart)}::timestamptz[])
             AS d(tenant_id, period_start) ON o.tenant_id = d.tenant_id AND o.period_start = d.period_start
       ORDER BY o.status = 'pending' DESC LIMIT 1`;
    const runId = holder[0]?.run_id;
    if (!runId) {
      // Each was closed between the scan and the lock: nothing left to run.
      if ("system" in by) return null;
      throw new AppError("conflict", "no tenant is due for a close now");
    }
    result = { run: await loadBillingRun(db, runId), created: false };
  }
  // After the commit: a job can only settle an outcome row that exists. Every tenant due is queued, not only the
  // new ones, so a close whose job was lost (Redis restored from an old state) is queued again.
  await closes.enqueue(due);
  return result;
}
