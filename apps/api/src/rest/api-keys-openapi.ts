import {
  apiKeyBody,
  apiKeyParams,
  apiKeysResponse,
  apiKeysTenantParams,
  createApiKeyBody,
  issuedApiKeyResponse,
  rotateApiKeyBody,
  rotatedApiKeyResponse,
} from "./api-keys-schemas.ts";
import { errors, json, parameters } from "./openapi-helpers.ts";

/** OpenAPI entries of the tenant API key admin endpoints (admin scope). */
export function apiKeysOpenApiPaths() {
  return {
    "/v1/admin/tenants/{tenantId}/api-keys": {
      get: {
        summary: "List a tenant's API keys, revoked and expired ones included; never a secret (admin scope)",
        parameters: parameters(apiKeysTenantParams, "path"),
        responses: { "200": { description: "keys", content: json(apiKeysResponse) }, ...errors(400, 401, 403, 404) },
      },
      post: {
        summary: "Create a tenant API key (admin scope)",
        parameters: parameters(apiKeysTenantParams, "path"),
        requestBody: { required: true, content: json(createApiKeyBody) },
        responses: {
          "201": { description: "created; the secret is shown only here", content: json(issuedApiKeyResponse) },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    "/v1/admin/tenants/{tenantId}/api-keys/{keyId}": {
      delete: {
        summary: "Revoke a tenant API key at once, in every api and ingest replica; idempotent (admin scope)",
        parameters: parameters(apiKeyParams, "path"),
        responses: {
          "200": { description: "the revoked key", content: json(apiKeyBody) },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    "/v1/admin/tenants/{tenantId}/api-keys/{keyId}/rotate": {
      post: {
        summary: "Replace a key by a new one with the same name, scopes and expiry (admin scope)",
        description:
          "The old key is revoked at once, or keeps working for grace_period_seconds (its expires_at is set). " +
          "A revoked or expired key cannot be rotated (409).",
        parameters: parameters(apiKeyParams, "path"),
        requestBody: { required: false, content: json(rotateApiKeyBody) },
        responses: {
          "201": { description: "the new key; its secret is shown only here", content: json(rotatedApiKeyResponse) },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
  };
}
