import { createWebhookEndpoint } from "@tollgate/use-cases/webhooks";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { webhookEndpointJson } from "../../wire/index.ts";
import { optionalReason, tenantIdParam } from "../admin-fields.ts";
import { endpointOptions } from "./endpoint-options.ts";
import { ENDPOINTS_PATH, endpointWithSecretOutput, eventTypes, webhookUrl } from "./webhook-schemas.ts";

/** Adds a webhook endpoint; the signing secret is in this response only (operator, audited). */
export const createWebhookEndpointOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: ENDPOINTS_PATH,
      status: 201,
      summary: "Add a webhook endpoint for a tenant (operator, audited)",
      description:
        "Returns the signing secret (whsec_…) once: no read shows it again (rotate-secret makes a new one). The URL " +
        "must be https on a public address unless the operator allows private networks; 400 otherwise.",
      responseDescription: "the endpoint, with its secret",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(
    z.strictObject({
      tenantId: tenantIdParam,
      url: webhookUrl,
      events: eventTypes,
      description: z.string().max(500).optional(),
      reason: optionalReason,
    }),
  )
  .output(endpointWithSecretOutput)
  .mutation(async ({ ctx, input }) => {
    const endpoint = await createWebhookEndpoint(
      ctx.db,
      input.tenantId,
      { url: input.url, events: input.events, description: input.description },
      { actor: ctx.actor, reason: input.reason },
      endpointOptions(ctx),
    );
    return { ...webhookEndpointJson(endpoint), secret: endpoint.secret };
  });
