import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { tenantIdParam } from "../admin-fields.ts";
import { deliveriesPageOutput, deliveriesQuery, readDeliveriesPage } from "./deliveries-query.ts";
import { DELIVERIES_PATH } from "./webhook-schemas.ts";

/** A tenant's webhook delivery log (operator). */
export const listWebhookDeliveriesOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: DELIVERIES_PATH,
      summary: "A tenant's webhook delivery log, newest first, paginated (operator)",
      description: "One row per (event, endpoint) with its attempts: status code, latency, error, time.",
      responseDescription: "a page of deliveries",
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ tenantId: tenantIdParam, ...deliveriesQuery }))
  .output(deliveriesPageOutput)
  .query(({ ctx, input }) => readDeliveriesPage(ctx.db, input.tenantId, input));
