import { actorOf } from "@tollgate/use-cases/access";
import { rotateTenantApiKey } from "@tollgate/use-cases/api-keys";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import {
  API_KEY_PATH,
  keyParams,
  rotateApiKeyFields,
  rotatedApiKeyResponse,
  toApiKeyBody,
} from "./tenant-api-key-schemas.ts";

/** Replaces a key by a new one; the use case revokes the old one now or after the grace period (operator). */
export const rotateTenantApiKeyOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${API_KEY_PATH}/rotate`,
      status: 201,
      bodyOptional: true,
      summary: "Replace a key by a new one with the same name, scopes and expiry (admin scope)",
      description:
        "The old key is revoked at once, or keeps working for grace_period_seconds (its expires_at is set). " +
        "A revoked or expired key cannot be rotated (409).",
      responseDescription: "the new key; its secret is shown only here",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(z.strictObject({ ...keyParams, ...rotateApiKeyFields }))
  .output(rotatedApiKeyResponse)
  .mutation(async ({ ctx, input }) => {
    const rotated = await rotateTenantApiKey(ctx.db, {
      tenantId: input.tenantId,
      keyId: input.keyId,
      actor: actorOf(ctx.actor),
      gracePeriodSeconds: input.grace_period_seconds,
      announce: ctx.announceKeyRevocation,
    });
    return {
      api_key: toApiKeyBody(rotated.apiKey),
      secret: rotated.secret,
      previous: toApiKeyBody(rotated.previous),
    };
  });
