import { updateWebhookEndpoint } from "@tollgate/use-cases/webhooks";
import { z } from "zod";
import { tenantWriteProcedure } from "../../trpc.ts";
import { webhookEndpointJson } from "../../wire/index.ts";
import { endpointOptions } from "../webhooks/endpoint-options.ts";
import { endpointOutput, eventTypes, webhookUrl } from "../webhooks/webhook-schemas.ts";
import { endpointIdInput } from "./tenant-webhook-schemas.ts";

/** A tenant admin changes one of their endpoints, or disables / re-enables it (audited). */
export const updateTenantWebhookEndpoint = tenantWriteProcedure
  .input(
    endpointIdInput.extend({
      url: webhookUrl.optional(),
      events: eventTypes.optional(),
      description: z.string().max(500).optional(),
      enabled: z.boolean().optional(),
    }),
  )
  .output(endpointOutput)
  .mutation(async ({ ctx, input }) => {
    const endpoint = await updateWebhookEndpoint(
      ctx.db,
      ctx.tenantId,
      input.endpointId,
      { url: input.url, events: input.events, description: input.description, enabled: input.enabled },
      { actor: ctx.user },
      endpointOptions(ctx),
    );
    return webhookEndpointJson(endpoint);
  });
