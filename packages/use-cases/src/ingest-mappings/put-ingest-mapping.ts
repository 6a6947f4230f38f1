import { AppError, ingestMappingKeySchema, parseIngestMappingConfig, type IngestMappingSource } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { Prisma } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { canonicalJson } from "../shared/canonical-json.ts";
import { inTransaction, lockTenant, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { ingestMappingAuditRecord } from "./ingest-mapping-audit.ts";
import { type IngestMappingView } from "./ingest-mapping-view.ts";

export interface PutIngestMappingInput<S extends IngestMappingSource> {
  tenantId: string;
  source: S;
  key: string;
  config: unknown;
}

/**
 * Creates or replaces the tenant's mapping for one code / event name (operators); the config is validated first.
 * Audited as `ingest_mapping.create` or `.update` with the mapping before and after, in the change's transaction
 * under the tenant's lock (so two puts of one key are ordered and each entry's "before" is what it replaced); a put
 * of the config already stored changes nothing and writes no entry.
 */
export async function putIngestMapping<S extends IngestMappingSource>(
  db: DbOrTx,
  input: PutIngestMappingInput<S>,
  context: ChangeContext,
): Promise<IngestMappingView<S>> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  const key = ingestMappingKeySchema.safeParse(input.key);
  if (!key.success) throw new AppError("bad_request", `key: ${key.error.issues[0]?.message ?? "invalid"}`);
  const parsed = parseIngestMappingConfig(input.source, input.config);
  if (!parsed.ok) throw new AppError("bad_request", parsed.message);
  const config = parsed.config as Prisma.InputJsonObject;
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, input.tenantId);
    const where = { tenantId_source_key: { tenantId: input.tenantId, source: input.source, key: key.data } };
    const current = await tx.ingestMapping.findUnique({ where });
    const after = ingestMappingAuditRecord({ source: input.source, key: key.data, config: parsed.config });
    const before = current && ingestMappingAuditRecord(current);
    if (current && canonicalJson(before) === canonicalJson(after)) {
      return { ...current, source: input.source, config: parsed.config };
    }
    const row = await tx.ingestMapping.upsert({
      where,
      create: { tenantId: input.tenantId, source: input.source, key: key.data, config },
      update: { config },
    });
    await writeAuditLog(tx, {
      actor,
      action: current ? "ingest_mapping.update" : "ingest_mapping.create",
      tenantId: input.tenantId,
      targetType: "ingest_mapping",
      targetId: row.id,
      reason,
      before,
      after,
    });
    return { ...row, source: input.source, config: parsed.config };
  });
}
