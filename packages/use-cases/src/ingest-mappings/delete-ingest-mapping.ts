import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, lockTenant, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { ingestMappingAuditRecord } from "./ingest-mapping-audit.ts";

/**
 * Deletes one of the tenant's mappings (operators); another tenant's id is not found. Audited as
 * `ingest_mapping.delete` with the mapping as it was.
 */
export async function deleteIngestMapping(
  db: DbOrTx,
  tenantId: string,
  id: string,
  context: ChangeContext,
): Promise<void> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  await inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const current = await tx.ingestMapping.findFirst({ where: { id, tenantId } });
    if (!current) throw new AppError("not_found", "no such ingest mapping");
    await tx.ingestMapping.delete({ where: { id } });
    await writeAuditLog(tx, {
      actor,
      action: "ingest_mapping.delete",
      tenantId,
      targetType: "ingest_mapping",
      targetId: id,
      reason,
      before: ingestMappingAuditRecord(current),
      after: null,
    });
  });
}
