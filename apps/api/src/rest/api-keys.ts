import { actorOf } from "@tollgate/use-cases/access";
import {
  createTenantApiKey,
  listTenantApiKeys,
  revokeTenantApiKey,
  rotateTenantApiKey,
} from "@tollgate/use-cases/api-keys";
import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import type { ApiDeps } from "../api-deps.ts";
import {
  apiKeyParams,
  apiKeysTenantParams,
  createApiKeyBody,
  rotateApiKeyBody,
  toApiKeyBody,
  type apiKeysResponse,
  type issuedApiKeyResponse,
  type rotatedApiKeyResponse,
} from "./api-keys-schemas.ts";
import { requireOperatorKey } from "./authenticate-request.ts";
import { parseRequest } from "./parse-request.ts";

const API_KEYS_PATH = "/v1/admin/tenants/:tenantId/api-keys";

/**
 * Operator endpoints (operator keys) for a tenant's API keys. A revocation (or rotation) is pushed to every api and
 * ingest replica at once; another tenant's key under this tenant's path is not found.
 */
export function registerApiKeys(app: FastifyInstance, deps: ApiDeps): void {
  app.get(API_KEYS_PATH, async (request) => {
    await requireOperatorKey(request, deps);
    const params = parseRequest(apiKeysTenantParams, request.params, "path");
    const keys = await listTenantApiKeys(deps.db, params.tenantId);
    const response: z.infer<typeof apiKeysResponse> = { api_keys: keys.map(toApiKeyBody) };
    return response;
  });

  app.post(API_KEYS_PATH, async (request, reply) => {
    const principal = await requireOperatorKey(request, deps);
    const params = parseRequest(apiKeysTenantParams, request.params, "path");
    const body = parseRequest(createApiKeyBody, request.body, "body");
    const issued = await createTenantApiKey(deps.db, {
      tenantId: params.tenantId,
      name: body.name,
      scopes: body.scopes,
      expiresAt: body.expires_at ? new Date(body.expires_at) : null,
      actor: actorOf(principal),
    });
    const response: z.infer<typeof issuedApiKeyResponse> = {
      api_key: toApiKeyBody(issued.apiKey),
      secret: issued.secret,
    };
    return reply.status(201).send(response);
  });

  app.delete(`${API_KEYS_PATH}/:keyId`, async (request) => {
    const principal = await requireOperatorKey(request, deps);
    const params = parseRequest(apiKeyParams, request.params, "path");
    const revoked = await revokeTenantApiKey(deps.db, {
      ...params,
      actor: actorOf(principal),
      announce: deps.announceKeyRevocation,
    });
    return toApiKeyBody(revoked);
  });

  app.post(`${API_KEYS_PATH}/:keyId/rotate`, async (request, reply) => {
    const principal = await requireOperatorKey(request, deps);
    const params = parseRequest(apiKeyParams, request.params, "path");
    const body = parseRequest(rotateApiKeyBody, request.body, "body");
    const rotated = await rotateTenantApiKey(deps.db, {
      ...params,
      actor: actorOf(principal),
      gracePeriodSeconds: body.grace_period_seconds,
      announce: deps.announceKeyRevocation,
    });
    const response: z.infer<typeof rotatedApiKeyResponse> = {
      api_key: toApiKeyBody(rotated.apiKey),
      secret: rotated.secret,
      previous: toApiKeyBody(rotated.previous),
    };
    return reply.status(201).send(response);
  });
}
