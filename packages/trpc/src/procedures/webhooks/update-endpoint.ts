import { updateWebhookEndpoint } from "@tollgate/use-cases/webhooks";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { webhookEndpointJson } from "../../wire/index.ts";
import { optionalReason } from "../admin-fields.ts";
import { endpointOptions } from "./endpoint-options.ts";
import { ENDPOINT_PATH, endpointOutput, endpointParams, eventTypes, webhookUrl } from "./webhook-schemas.ts";

/** Changes an endpoint's URL, events or description, or enables/disables it (operator, audited). */
export const updateWebhookEndpointOperation = operatorOperation
  .meta({
    rest: {
      method: "PATCH",
      path: ENDPOINT_PATH,
      summary: "Change a webhook endpoint; enabled: true re-enables a disabled one (operator, audited)",
      description:
        "Re-enabling clears the failure window. Events recorded while an endpoint was disabled are not sent to it.",
      responseDescription: "the endpoint (without its secret)",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      ...endpointParams,
      url: webhookUrl.optional(),
      events: eventTypes.optional(),
      description: z.string().max(500).optional(),
      enabled: z.boolean().optional(),
      reason: optionalReason,
    }),
  )
  .output(endpointOutput)
  .mutation(async ({ ctx, input }) => {
    const endpoint = await updateWebhookEndpoint(
      ctx.db,
      input.tenantId,
      input.endpointId,
      { url: input.url, events: input.events, description: input.description, enabled: input.enabled },
      { actor: ctx.actor, reason: input.reason },
      endpointOptions(ctx),
    );
    return webhookEndpointJson(endpoint);
  });
