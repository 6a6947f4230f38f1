import { AppError, type AnchorSchedule } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";

/** The columns of a tenant row that define its billing periods. */
export interface TenantAnchorColumns {
  billingAnchorDay: number;
  nextBillingAnchorDay: number | null;
  billingAnchorChangesAt: Date | null;
}

export const TENANT_ANCHOR_SELECT = {
  billingAnchorDay: true,
  nextBillingAnchorDay: true,
  billingAnchorChangesAt: true,
} as const;

/** The tenant's anchor schedule, from its row (every period computation takes the schedule, never the day alone). */
export function anchorOfTenant(tenant: TenantAnchorColumns): AnchorSchedule {
  return {
    day: tenant.billingAnchorDay,
    nextDay: tenant.nextBillingAnchorDay,
    changesAt: tenant.billingAnchorChangesAt,
  };
}

/** Loads the tenant's anchor schedule (`not_found` for an unknown tenant). */
export async function loadTenantAnchor(db: DbOrTx, tenantId: string): Promise<AnchorSchedule> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: TENANT_ANCHOR_SELECT });
  if (!tenant) throw new AppError("not_found", `no tenant ${tenantId}`);
  return anchorOfTenant(tenant);
}
