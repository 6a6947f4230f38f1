import { AppError } from "@tollgate/domain";
import { Prisma, type DbOrTx } from "@tollgate/db";

export type BillingRunStatus = "running" | "succeeded" | "failed";
export type BillingRunTenantStatus = "pending" | "closed" | "failed";

export interface BillingRunView {
  id: string;
  startedBy: string;
  /** The operator's email when a console user started the run (their id alone means little to people). */
  startedByEmail: string | null;
  /** When the tenants due were found. */
  at: Date;
  tenantsTotal: number;
  closed: number;
  failed: number;
  status: BillingRunStatus;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface BillingRunTenantView {
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  periodStart: Date;
  status: BillingRunTenantStatus;
  /** The last failed attempt's message (also while pending: the job is being retried). */
  error: string | null;
  attempts: number;
  /** Invoices the close finalized (none when nothing was billable). */
  invoices: number;
  updatedAt: Date;
}

export const RUN_COLUMNS = Prisma.sql`
  r.id::text AS id, r.started_by AS "startedBy", r.at, r.tenants_total AS "tenantsTotal", r.closed, r.failed,
  r.status, r.created_at AS "createdAt", r.finished_at AS "finishedAt",
  (SELECT u.email FROM users u WHERE r.started_by = 'user:' || u.id::text) AS "startedByEmail"`;

export async function loadBillingRun(db: DbOrTx, runId: string): Promise<BillingRunView> {
  const rows = await db.$queryRaw<
    BillingRunView[]
  >`SELECT ${RUN_COLUMNS} FROM billing_runs r WHERE r.id = ${runId}::uuid`;
  const run = rows[0];
  if (!run) throw new AppError("not_found", `no billing run ${runId}`);
  return run;
}
