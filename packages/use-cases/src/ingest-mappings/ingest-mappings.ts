import {
  AppError,
  ingestMappingKeySchema,
  parseIngestMappingConfig,
  type IngestMappingConfig,
  type IngestMappingSource,
} from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { Prisma } from "@tollgate/db";

export interface IngestMappingView<S extends IngestMappingSource = IngestMappingSource> {
  id: string;
  tenantId: string;
  source: S;
  key: string;
  config: IngestMappingConfig<S>;
  createdAt: Date;
  updatedAt: Date;
}

export interface PutIngestMappingInput<S extends IngestMappingSource> {
  tenantId: string;
  source: S;
  key: string;
  config: unknown;
}

/** Creates or replaces the tenant's mapping for one code / event name; the config is validated first. */
export async function putIngestMapping<S extends IngestMappingSource>(
  db: DbOrTx,
  input: PutIngestMappingInput<S>,
): Promise<IngestMappingView<S>> {
  const key = ingestMappingKeySchema.safeParse(input.key);
  if (!key.success) throw new AppError("bad_request", `key: ${key.error.issues[0]?.message ?? "invalid"}`);
  const parsed = parseIngestMappingConfig(input.source, input.config);
  if (!parsed.ok) throw new AppError("bad_request", parsed.message);
  const tenant = await db.tenant.findUnique({ where: { id: input.tenantId }, select: { id: true } });
  if (!tenant) throw new AppError("not_found", `no tenant ${input.tenantId}`);
  const config = parsed.config as Prisma.InputJsonObject;
  const row = await db.ingestMapping.upsert({
    where: { tenantId_source_key: { tenantId: input.tenantId, source: input.source, key: key.data } },
    create: { tenantId: input.tenantId, source: input.source, key: key.data, config },
    update: { config },
  });
  return { ...row, source: input.source, config: parsed.config };
}

/** The tenant's mappings, by source then key. Stored configs were validated on write and are parsed again here. */
export async function listIngestMappings(
  db: DbOrTx,
  tenantId: string,
  source?: IngestMappingSource,
): Promise<IngestMappingView[]> {
  const rows = await db.ingestMapping.findMany({
    where: { tenantId, ...(source ? { source } : {}) },
    orderBy: [{ source: "asc" }, { key: "asc" }],
  });
  return rows.flatMap((row) => {
    const parsed = parseIngestMappingConfig(row.source, row.config);
    return parsed.ok ? [{ ...row, config: parsed.config }] : [];
  });
}

/** Deletes one of the tenant's mappings; another tenant's id is not found. */
export async function deleteIngestMapping(db: DbOrTx, tenantId: string, id: string): Promise<void> {
  const deleted = await db.ingestMapping.deleteMany({ where: { id, tenantId } });
  if (deleted.count === 0) throw new AppError("not_found", "no such ingest mapping");
}
