import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";

/** Deletes one of the tenant's mappings; another tenant's id is not found. */
export async function deleteIngestMapping(db: DbOrTx, tenantId: string, id: string): Promise<void> {
  const deleted = await db.ingestMapping.deleteMany({ where: { id, tenantId } });
  if (deleted.count === 0) throw new AppError("not_found", "no such ingest mapping");
}
