import type { AnchorSchedule } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";

/** A tenant of a page, with the anchor schedule its billing periods follow. */
export interface PageTenant {
  id: string;
  anchor: AnchorSchedule;
}

/** Up to `limit` tenants after `afterId`, in id order (the primary key), so pages walk every tenant once. */
export async function tenantPage(db: DbOrTx, afterId: string | null, limit: number): Promise<PageTenant[]> {
  const rows = await db.$queryRaw<({ id: string } & AnchorSchedule)[]>`
    SELECT id::text AS id, billing_anchor_day AS day, next_billing_anchor_day AS "nextDay",
           billing_anchor_changes_at AS "changesAt" FROM tenants
     WHERE ${afterId}::uuid IS NULL OR id > ${afterId}::uuid
     ORDER BY id LIMIT ${limit}`;
  return rows.map(({ id, day, nextDay, changesAt }) => ({ id, anchor: { day, nextDay, changesAt } }));
}
