import { AppError, billingPeriodEnd, billingPeriodStart, type AnchorSchedule } from "@tollgate/domain";
import { Prisma, type DbOrTx } from "@tollgate/db";

export interface TenantBilling {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
  invoiceGraceHours: number;
  taxRate: string;
  paymentTermsDays: number;
  /** The day of the month (1–31) the tenant's periods start on, with its dated change if any (billingPeriodStart). */
  anchor: AnchorSchedule;
  billedThrough: Date | null;
}

const HOUR_MS = 3_600_000;

/**
 * The tenant's billing settings; with `lock`, its row locked (FOR NO KEY UPDATE) for the rest of the transaction.
 * Raw SQL: the close runs this once per tenant and the ORM's per-query compile was most of a close's CPU.
 */
export async function loadTenantBilling(
  db: DbOrTx,
  tenantId: string,
  options: { lock?: boolean } = {},
): Promise<TenantBilling> {
  const select = Prisma.sql`
    SELECT id::text AS id, name, slug, created_at AS "createdAt", invoice_grace_hours AS "invoiceGraceHours",
           tax_rate::text AS "taxRate", payment_terms_days AS "paymentTermsDays",
           billing_anchor_day AS day, next_billing_anchor_day AS "nextDay",
           billing_anchor_changes_at AS "changesAt", billed_through AS "billedThrough"
      FROM tenants WHERE id = ${tenantId}::uuid`;
  const rows = await db.$queryRaw<(Omit<TenantBilling, "anchor"> & AnchorSchedule)[]>(
    options.lock ? Prisma.sql`${select} FOR NO KEY UPDATE` : select,
  );
  const row = rows[0];
  if (!row) throw new AppError("not_found", `no tenant ${tenantId}`);
  const { day, nextDay, changesAt, ...tenant } = row;
  return { ...tenant, anchor: { day, nextDay, changesAt } };
}

/**
 * The tenant's first billing period that has no invoice yet: the one starting where the last close ended, or for a
 * tenant never closed, the period of its creation or of its earliest ledger entry (events may be back-dated).
 */
export async function firstOpenPeriod(db: DbOrTx, tenant: TenantBilling): Promise<{ start: Date; end: Date }> {
  const anchor = tenant.anchor;
  if (tenant.billedThrough) {
    return { start: tenant.billedThrough, end: billingPeriodEnd(tenant.billedThrough, anchor) };
  }
  const rows = await db.$queryRaw<{ first: Date | null }[]>`
    SELECT min(billed_period_start) AS first FROM ledger_period_totals WHERE tenant_id = ${tenant.id}::uuid`;
  const first = rows[0]?.first;
  const start = billingPeriodStart(first && first < tenant.createdAt ? first : tenant.createdAt, anchor);
  return { start, end: billingPeriodEnd(start, anchor) };
}

/** When a period's invoice is finalized by the schedule: its end plus the tenant's grace period. */
export function finalizesAt(periodEnd: Date, graceHours: number): Date {
  return new Date(periodEnd.getTime() + graceHours * HOUR_MS);
}
