import type { DbOrTx } from "@tollgate/db";

/** Up to `limit` tenant ids after `afterId`, in id order (the primary key), so pages walk every tenant once. */
export async function tenantIdPage(db: DbOrTx, afterId: string | null, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM tenants
     WHERE ${afterId}::uuid IS NULL OR id > ${afterId}::uuid
     ORDER BY id LIMIT ${limit}`;
  return rows.map((row) => row.id);
}
