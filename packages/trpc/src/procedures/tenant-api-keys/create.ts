import { actorOf } from "@tollgate/use-cases/access";
import { createTenantApiKey } from "@tollgate/use-cases/api-keys";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import {
  API_KEYS_PATH,
  createApiKeyFields,
  issuedApiKeyResponse,
  keysTenantId,
  toApiKeyBody,
} from "./tenant-api-key-schemas.ts";

/** Creates a tenant API key; its secret is shown only in this answer (operator). */
export const createTenantApiKeyOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: API_KEYS_PATH,
      status: 201,
      summary: "Create a tenant API key (admin scope)",
      responseDescription: "created; the secret is shown only here",
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ tenantId: keysTenantId, ...createApiKeyFields }))
  .output(issuedApiKeyResponse)
  .mutation(async ({ ctx, input }) => {
    const issued = await createTenantApiKey(ctx.db, {
      tenantId: input.tenantId,
      name: input.name,
      scopes: input.scopes,
      expiresAt: input.expires_at ? new Date(input.expires_at) : null,
      actor: actorOf(ctx.actor),
    });
    return { api_key: toApiKeyBody(issued.apiKey), secret: issued.secret };
  });
