import { actorOf, revokeTenantApiKey } from "@tollgate/db";
import { apiKeyOutput, keyIdInput, toApiKeyOutput } from "./api-key-schemas.ts";
import { keyAdminProcedure } from "./key-admin-procedure.ts";

/** Revokes one of the tenant's keys in every api and ingest replica at once; idempotent. */
export const revokeApiKey = keyAdminProcedure
  .input(keyIdInput)
  .output(apiKeyOutput)
  .mutation(async ({ ctx, input }) => {
    const revoked = await revokeTenantApiKey(ctx.db, {
      tenantId: ctx.tenantId,
      keyId: input.keyId,
      actor: actorOf(ctx.user),
      announce: ctx.announceKeyRevocation,
    });
    return toApiKeyOutput(revoked);
  });
