import { listTenantApiKeys } from "@tollgate/use-cases/api-keys";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { API_KEYS_PATH, apiKeysResponse, keysTenantId, toApiKeyBody } from "./tenant-api-key-schemas.ts";

/** A tenant's API keys, revoked and expired ones included; never a secret (operator). */
export const listTenantApiKeysOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: API_KEYS_PATH,
      summary: "List a tenant's API keys, revoked and expired ones included; never a secret (admin scope)",
      responseDescription: "keys",
      errors: [400, 401, 403, 404],
    },
  })
  // Not strict: the query string of this GET was never checked, and unknown parameters stay ignored.
  .input(z.object({ tenantId: keysTenantId }))
  .output(apiKeysResponse)
  .query(async ({ ctx, input }) => ({
    api_keys: (await listTenantApiKeys(ctx.db, input.tenantId)).map(toApiKeyBody),
  }));
