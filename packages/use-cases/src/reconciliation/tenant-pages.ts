import type { DbOrTx } from "@tollgate/db";

/** A tenant of a page, with the anchor day its billing periods start on. */
export interface PageTenant {
  id: string;
  anchorDay: number;
}

/** Up to `limit` tenants after `afterId`, in id order (the primary key), so pages walk every tenant once. */
export async function tenantPage(db: DbOrTx, afterId: string | null, limit: number): Promise<PageTenant[]> {
  return db.$queryRaw<PageTenant[]>`
    SELECT id::text AS id, billing_anchor_day AS "anchorDay" FROM tenants
     WHERE ${afterId}::uuid IS NULL OR id > ${afterId}::uuid
     ORDER BY id LIMIT ${limit}`;
}
