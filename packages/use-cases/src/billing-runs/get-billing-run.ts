import { Prisma, type DbOrTx } from "@tollgate/db";
import type { Principal } from "../access/principal.ts";
import { authorize } from "../access/authorize.ts";
import {
  loadBillingRun,
  type BillingRunTenantStatus,
  type BillingRunTenantView,
  type BillingRunView,
} from "./billing-run-view.ts";

export interface BillingRunDetail {
  run: BillingRunView;
  /** A page of the run's tenant outcomes (failed first, then pending, then closed; by tenant name within). */
  tenants: BillingRunTenantView[];
  /** Outcomes matching the filter. */
  total: number;
}

/** One billing run with its per-tenant outcomes and their errors (operators); `not_found` for an unknown run. */
export async function getBillingRun(
  db: DbOrTx,
  principal: Principal,
  runId: string,
  query: { status?: BillingRunTenantStatus | undefined; limit: number; offset: number },
): Promise<BillingRunDetail> {
  authorize(principal, "operator");
  const run = await loadBillingRun(db, runId);
  const status = query.status ? Prisma.sql`AND o.status = ${query.status}` : Prisma.empty;
  const [tenants, counts] = await Promise.all([
    db.$queryRaw<BillingRunTenantView[]>`
      SELECT o.tenant_id::text AS "tenantId", t.name AS "tenantName", t.slug AS "tenantSlug",
             o.period_start AS "periodStart", o.status, o.error, o.attempts, o.invoices, o.updated_at AS "updatedAt"
        FROM billing_run_tenants o JOIN tenants t ON t.id = o.tenant_id
       WHERE o.run_id = ${runId}::uuid ${status}
       ORDER BY array_position(ARRAY['failed', 'pending', 'closed'], o.status), t.name, o.tenant_id
       LIMIT ${query.limit} OFFSET ${query.offset}`,
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM billing_run_tenants o WHERE o.run_id = ${runId}::uuid ${status}`,
  ]);
  return { run, tenants, total: counts[0]?.n ?? 0 };
}
