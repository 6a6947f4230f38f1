import { listWebhookEndpoints } from "@tollgate/use-cases/webhooks";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { webhookEndpointJson } from "../../wire/index.ts";
import { tenantIdQuery, USAGE_READ_ACCESS } from "../usage-reads/usage-read-query.ts";
import { endpointOutput } from "./webhook-schemas.ts";

/** GET /v1/webhook-endpoints: the caller's tenant's endpoints, without secrets. */
export const tenantWebhookEndpointsOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/webhook-endpoints",
      summary: "Your webhook endpoints, without secrets",
      description: USAGE_READ_ACCESS,
      responseDescription: "endpoints, oldest first",
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ tenant_id: tenantIdQuery }))
  .output(z.object({ tenant_id: z.uuid(), webhook_endpoints: z.array(endpointOutput) }))
  .query(async ({ ctx }) => ({
    tenant_id: ctx.tenantId,
    webhook_endpoints: (await listWebhookEndpoints(ctx.db, ctx.tenantId)).map(webhookEndpointJson),
  }));
