import { errors, json, parameters } from "../openapi-helpers.ts";
import { tenantParams } from "./admin-request.ts";
import {
  createOverrideBody,
  endOverrideBody,
  overrideBody,
  overrideParams,
  overridesResponse,
} from "./tenant-overrides.ts";

/** OpenAPI entries of a tenant's price override endpoints. */
export function tenantOverridesOpenApiPaths() {
  return {
    "/v1/admin/tenants/{tenantId}/overrides": {
      get: {
        summary: "A tenant's price overrides (operator)",
        description: "Operator key (admin scope, no tenant); tenant keys get 403.",
        parameters: parameters(tenantParams, "path"),
        responses: {
          "200": { description: "overrides by start", content: json(overridesResponse) },
          ...errors(400, 401, 403, 404),
        },
      },
      post: {
        summary: "Add a dated override: discount % and/or custom rates for chosen models (operator, audited)",
        description: "reason is required. 409 when it overlaps another of the tenant's overrides.",
        parameters: parameters(tenantParams, "path"),
        requestBody: { required: true, content: json(createOverrideBody) },
        responses: {
          "201": { description: "the override", content: json(overrideBody) },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    "/v1/admin/tenants/{tenantId}/overrides/{overrideId}/end": {
      post: {
        summary: "End an override at ends_at, default now (operator, audited)",
        description: "reason is required. 409 when ends_at is not after its start or not before its current end.",
        parameters: parameters(overrideParams, "path"),
        requestBody: { required: true, content: json(endOverrideBody) },
        responses: {
          "200": { description: "the override", content: json(overrideBody) },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
  };
}
