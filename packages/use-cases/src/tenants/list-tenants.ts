import type { DbOrTx } from "@tollgate/db";

/** Every tenant, by name (operators only: the caller checks). */
export async function listTenants(db: DbOrTx) {
  return db.tenant.findMany({ orderBy: { name: "asc" } });
}
