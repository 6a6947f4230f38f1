import { actorOf } from "@tollgate/use-cases/access";
import { rotateTenantApiKey } from "@tollgate/use-cases/api-keys";
import { z } from "zod";
import { apiKeyOutput, issuedApiKeyOutput, keyIdInput, toApiKeyOutput } from "./api-key-schemas.ts";
import { tenantWriteProcedure } from "../../trpc.ts";

/** Replaces a key by a new one (same name, scopes, expiry); the old one is revoked now or after the grace period. */
export const rotateApiKey = tenantWriteProcedure
  .input(
    keyIdInput.extend({
      gracePeriodSeconds: z
        .number()
        .int()
        .min(0)
        .max(30 * 24 * 3600)
        .optional(),
    }),
  )
  .output(issuedApiKeyOutput.extend({ previous: apiKeyOutput }))
  .mutation(async ({ ctx, input }) => {
    const rotated = await rotateTenantApiKey(ctx.db, {
      tenantId: ctx.tenantId,
      keyId: input.keyId,
      gracePeriodSeconds: input.gracePeriodSeconds,
      actor: actorOf(ctx.user),
      announce: ctx.announceKeyRevocation,
    });
    return {
      apiKey: toApiKeyOutput(rotated.apiKey),
      secret: rotated.secret,
      previous: toApiKeyOutput(rotated.previous),
    };
  });
