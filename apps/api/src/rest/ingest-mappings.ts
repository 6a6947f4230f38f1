import {
  deleteIngestMapping,
  listIngestMappings,
  putIngestMapping,
  type IngestMappingView,
} from "@tollgate/use-cases/ingest-mappings";
import { INGEST_MAPPING_SOURCES, ingestMappingKeySchema, storedJsonObject } from "@tollgate/domain";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiDeps } from "../api-deps.ts";
import { requireOperatorKey } from "./authenticate-request.ts";
import { parseRequest } from "./parse-request.ts";

const MAPPINGS_PATH = "/v1/admin/tenants/:tenantId/ingest-mappings";

const tenantId = z.uuid("must be a tenant id (uuid)").transform((id) => id.toLowerCase());
export const mappingsTenantParams = z.object({ tenantId });
export const mappingsQuery = z.strictObject({
  source: z.enum(INGEST_MAPPING_SOURCES).optional().describe("only this source's mappings"),
});
export const putMappingParams = z.object({
  tenantId,
  source: z.enum(INGEST_MAPPING_SOURCES),
  key: ingestMappingKeySchema.describe("Lago billable metric code or Stripe meter event name"),
});
export const deleteMappingParams = z.object({ tenantId, id: z.uuid("must be a mapping id (uuid)") });
export const putMappingBody = z.strictObject({
  config: storedJsonObject.describe("Lago or Stripe mapping config (see the ingest OpenAPI document)"),
});

export const mappingBody = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  source: z.enum(INGEST_MAPPING_SOURCES),
  key: z.string(),
  config: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
});
export const mappingsResponse = z.object({ mappings: z.array(mappingBody) });

function toBody(mapping: IngestMappingView): z.infer<typeof mappingBody> {
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

/**
 * Operator endpoints (operator keys only) for a tenant's compatibility mappings: how its Lago codes and Stripe meter event
 * names become usage events. Ingest picks a change up within its mapping cache TTL (5 s).
 */
export function registerIngestMappings(app: FastifyInstance, deps: ApiDeps): void {
  app.get(MAPPINGS_PATH, async (request) => {
    await requireOperatorKey(request, deps);
    const params = parseRequest(mappingsTenantParams, request.params, "path");
    const query = parseRequest(mappingsQuery, request.query, "query");
    const mappings = await listIngestMappings(deps.db, params.tenantId, query.source);
    const response: z.infer<typeof mappingsResponse> = { mappings: mappings.map(toBody) };
    return response;
  });

  app.put(`${MAPPINGS_PATH}/:source/:key`, async (request) => {
    await requireOperatorKey(request, deps);
    const params = parseRequest(putMappingParams, request.params, "path");
    const body = parseRequest(putMappingBody, request.body, "body");
    const mapping = await putIngestMapping(deps.db, { ...params, config: body.config });
    return toBody(mapping);
  });

  app.delete(`${MAPPINGS_PATH}/:id`, async (request, reply) => {
    await requireOperatorKey(request, deps);
    const params = parseRequest(deleteMappingParams, request.params, "path");
    await deleteIngestMapping(deps.db, params.tenantId, params.id);
    return reply.status(204).send();
  });
}
