import { parseIngestMappingConfig, type IngestMappingSource } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { type IngestMappingView } from "./ingest-mapping-view.ts";

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
