import { rotateWebhookSecret } from "@tollgate/use-cases/webhooks";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { webhookEndpointJson } from "../../wire/index.ts";
import { optionalReason } from "../admin-fields.ts";
import { ENDPOINT_PATH, endpointParams, endpointWithSecretOutput } from "./webhook-schemas.ts";

/** Replaces an endpoint's signing secret; the new one is in this response only (operator, audited). */
export const rotateWebhookSecretOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${ENDPOINT_PATH}/rotate-secret`,
      summary: "Replace a webhook endpoint's signing secret (operator, audited)",
      description: "The new secret is shown once. Every attempt from now on is signed with it, retries included.",
      responseDescription: "the endpoint, with its new secret",
      bodyOptional: true,
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ ...endpointParams, reason: optionalReason }))
  .output(endpointWithSecretOutput)
  .mutation(async ({ ctx, input }) => {
    const endpoint = await rotateWebhookSecret(ctx.db, input.tenantId, input.endpointId, {
      actor: ctx.actor,
      reason: input.reason,
    });
    return { ...webhookEndpointJson(endpoint), secret: endpoint.secret };
  });
