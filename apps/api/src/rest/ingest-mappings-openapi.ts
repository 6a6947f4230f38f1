import {
  deleteMappingParams,
  mappingBody,
  mappingsQuery,
  mappingsResponse,
  mappingsTenantParams,
  putMappingBody,
  putMappingParams,
} from "./ingest-mappings.ts";
import { errors, json, parameters } from "./openapi-helpers.ts";

/** OpenAPI entries of the ingest mapping admin endpoints (admin scope). */
export function ingestMappingsOpenApiPaths() {
  return {
    "/v1/admin/tenants/{tenantId}/ingest-mappings": {
      get: {
        summary: "List a tenant's Lago / Stripe compatibility mappings (admin scope)",
        parameters: [...parameters(mappingsTenantParams, "path"), ...parameters(mappingsQuery, "query")],
        responses: { "200": { description: "mappings", content: json(mappingsResponse) }, ...errors(400, 401, 403) },
      },
    },
    "/v1/admin/tenants/{tenantId}/ingest-mappings/{source}/{key}": {
      put: {
        summary: "Create or replace the mapping of one Lago code or Stripe meter event name (admin scope)",
        description:
          'Lago: {"model": {"property": "model"} | {"value": "<model>"}, "tokens": {"input": "<property>", ...}}. ' +
          'Stripe: {"model": ..., "token_type": "input"|"output"|..., "value_key"?: "value", "customer_key"?: ' +
          '"stripe_customer_id"}. Ingest applies a change within 5 s.',
        parameters: parameters(putMappingParams, "path"),
        requestBody: { required: true, content: json(putMappingBody) },
        responses: {
          "200": { description: "the stored mapping", content: json(mappingBody) },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    "/v1/admin/tenants/{tenantId}/ingest-mappings/{id}": {
      delete: {
        summary: "Delete one of the tenant's mappings (admin scope)",
        parameters: parameters(deleteMappingParams, "path"),
        responses: { "204": { description: "deleted" }, ...errors(400, 401, 403, 404) },
      },
    },
  };
}
