import { actorOf } from "@tollgate/use-cases/access";
import { revokeTenantApiKey } from "@tollgate/use-cases/api-keys";
import { apiKeyOutput, keyIdInput, toApiKeyOutput } from "./api-key-schemas.ts";
import { tenantWriteProcedure } from "../../trpc.ts";

/** Revokes one of the tenant's keys in every api and ingest replica at once; idempotent. */
export const revokeApiKey = tenantWriteProcedure
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
