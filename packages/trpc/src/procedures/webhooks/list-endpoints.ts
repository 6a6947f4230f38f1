import { listWebhookEndpoints } from "@tollgate/use-cases/webhooks";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { webhookEndpointJson } from "../../wire/index.ts";
import { tenantIdParam } from "../admin-fields.ts";
import { endpointOutput, ENDPOINTS_PATH } from "./webhook-schemas.ts";

/** A tenant's webhook endpoints, without secrets (operator). */
export const listWebhookEndpointsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: ENDPOINTS_PATH,
      summary: "A tenant's webhook endpoints, without secrets (operator)",
      responseDescription: "endpoints, oldest first",
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ tenantId: tenantIdParam }))
  .output(z.object({ webhook_endpoints: z.array(endpointOutput) }))
  .query(async ({ ctx, input }) => ({
    webhook_endpoints: (await listWebhookEndpoints(ctx.db, input.tenantId)).map(webhookEndpointJson),
  }));
