import { rotateWebhookSecret } from "@tollgate/use-cases/webhooks";
import { tenantWriteProcedure } from "../../trpc.ts";
import { webhookEndpointJson } from "../../wire/index.ts";
import { endpointWithSecretOutput } from "../webhooks/webhook-schemas.ts";
import { endpointIdInput } from "./tenant-webhook-schemas.ts";

/** A tenant admin replaces an endpoint's signing secret; the new one is in this response only (audited). */
export const rotateTenantWebhookSecret = tenantWriteProcedure
  .input(endpointIdInput)
  .output(endpointWithSecretOutput)
  .mutation(async ({ ctx, input }) => {
    const endpoint = await rotateWebhookSecret(ctx.db, ctx.tenantId, input.endpointId, { actor: ctx.user });
    return { ...webhookEndpointJson(endpoint), secret: endpoint.secret };
  });
