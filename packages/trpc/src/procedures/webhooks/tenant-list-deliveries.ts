import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { tenantIdQuery, USAGE_READ_ACCESS } from "../usage-reads/usage-read-query.ts";
import { deliveriesPageOutput, deliveriesQuery, readDeliveriesPage } from "./deliveries-query.ts";

/** GET /v1/webhook-deliveries: the caller's tenant's delivery log. */
export const tenantWebhookDeliveriesOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/webhook-deliveries",
      summary: "Your webhook delivery log, newest first, paginated",
      description: `${USAGE_READ_ACCESS} One row per (event, endpoint) with its attempts.`,
      responseDescription: "a page of deliveries",
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ tenant_id: tenantIdQuery, ...deliveriesQuery }))
  .output(deliveriesPageOutput.extend({ tenant_id: z.uuid() }))
  .query(async ({ ctx, input }) => ({
    tenant_id: ctx.tenantId,
    ...(await readDeliveriesPage(ctx.db, ctx.tenantId, input)),
  }));
