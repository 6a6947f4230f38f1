import { newWebhookEndpointSchema } from "@tollgate/domain";
import { createWebhookEndpoint } from "@tollgate/use-cases/webhooks";
import { tenantWriteProcedure } from "../../trpc.ts";
import { webhookEndpointJson } from "../../wire/index.ts";
import { endpointOptions } from "../webhooks/endpoint-options.ts";
import { endpointWithSecretOutput } from "../webhooks/webhook-schemas.ts";

/**
 * A tenant admin adds an endpoint to their own tenant (audited); the signing secret is in this response only. Same
 * use case and URL checks as the operator's `webhookEndpoints.create`.
 */
export const createTenantWebhookEndpoint = tenantWriteProcedure
  // The console's form validates with the same schema.
  .input(newWebhookEndpointSchema)
  .output(endpointWithSecretOutput)
  .mutation(async ({ ctx, input }) => {
    const endpoint = await createWebhookEndpoint(
      ctx.db,
      ctx.tenantId,
      { url: input.url, events: input.events, description: input.description },
      { actor: ctx.user },
      endpointOptions(ctx),
    );
    return { ...webhookEndpointJson(endpoint), secret: endpoint.secret };
  });
