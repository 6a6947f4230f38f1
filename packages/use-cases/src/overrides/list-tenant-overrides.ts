import type { DbOrTx } from "@tollgate/db";
import { requireTenant } from "../shared/change-context.ts";
import { type TenantOverrideView, toView } from "./tenant-override-row.ts";

/** A tenant's overrides, by start; `not_found` for an unknown tenant. */
export async function listTenantOverrides(db: DbOrTx, tenantId: string): Promise<TenantOverrideView[]> {
  await requireTenant(db, tenantId);
  const rows = await db.tenantPriceOverride.findMany({ where: { tenantId }, orderBy: { startsAt: "asc" } });
  return rows.map(toView);
}
