import type { IngestMappingView } from "@tollgate/use-cases/ingest-mappings";
import { INGEST_MAPPING_SOURCES } from "@tollgate/domain";
import { z } from "zod";
import { tenantIdParam } from "../admin-fields.ts";

export const MAPPINGS_PATH = "/v1/admin/tenants/{tenantId}/ingest-mappings";

export const mappingsTenantId = tenantIdParam;

export const mappingOutput = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  source: z.enum(INGEST_MAPPING_SOURCES),
  key: z.string(),
  config: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
});

export function mappingJson(mapping: IngestMappingView): z.infer<typeof mappingOutput> {
  return {
    id: mapping.id,
    tenant_id: mapping.tenantId,
    source: mapping.source,
    key: mapping.key,
    config: mapping.config,
    created_at: mapping.createdAt.toISOString(),
    updated_at: mapping.updatedAt.toISOString(),
  };
}
