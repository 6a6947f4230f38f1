import type { DbOrTx } from "@tollgate/db";

/** One tenant by id, or null. */
export async function getTenant(db: DbOrTx, tenantId: string) {
  return db.tenant.findUnique({ where: { id: tenantId } });
}
