import { AppError, ingestMappingKeySchema, parseIngestMappingConfig, type IngestMappingSource } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { Prisma } from "@tollgate/db";
import { type IngestMappingView } from "./ingest-mapping-view.ts";

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
