import { actorOf } from "@tollgate/use-cases/access";
import { revokeTenantApiKey } from "@tollgate/use-cases/api-keys";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { API_KEY_PATH, apiKeyBody, keyParams, toApiKeyBody } from "./tenant-api-key-schemas.ts";

/** Revokes a tenant API key at once; the use case announces it to every api and ingest replica (operator). */
export const revokeTenantApiKeyOperation = operatorOperation
  .meta({
    rest: {
      method: "DELETE",
      path: API_KEY_PATH,
      summary: "Revoke a tenant API key at once, in every api and ingest replica; idempotent (admin scope)",
      responseDescription: "the revoked key",
      errors: [400, 401, 403, 404],
    },
  })
  // Not strict: the query string of this DELETE was never checked, and unknown parameters stay ignored.
  .input(z.object(keyParams))
  .output(apiKeyBody)
  .mutation(async ({ ctx, input }) => {
    const revoked = await revokeTenantApiKey(ctx.db, {
      tenantId: input.tenantId,
      keyId: input.keyId,
      actor: actorOf(ctx.actor),
      announce: ctx.announceKeyRevocation,
    });
    return toApiKeyBody(revoked);
  });
