import { redeliverWebhook } from "@tollgate/use-cases/webhooks";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { optionalReason, tenantIdParam, uuidParam } from "../admin-fields.ts";
import { DELIVERIES_PATH } from "./webhook-schemas.ts";

/** Sends a delivery's event again (operator, audited). */
export const redeliverWebhookOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${DELIVERIES_PATH}/{deliveryId}/redeliver`,
      status: 202,
      summary: "Send a webhook delivery again (operator, audited)",
      description:
        "Queues one more attempt, whatever the delivery's status, with the same webhook-id and the endpoint's " +
        "current secret; its result appears in the delivery log. 409 when the endpoint is disabled.",
      responseDescription: "queued",
      bodyOptional: true,
      errors: [400, 401, 403, 404, 409, 503],
    },
  })
  .input(z.strictObject({ tenantId: tenantIdParam, deliveryId: uuidParam("webhook delivery"), reason: optionalReason }))
  .output(z.object({ delivery_id: z.uuid(), redelivery: z.number().int().describe("1 for the first redelivery, …") }))
  .mutation(async ({ ctx, input }) => {
    const result = await redeliverWebhook(
      ctx.db,
      input.tenantId,
      input.deliveryId,
      { actor: ctx.actor, reason: input.reason },
      ctx.webhookRedeliveries,
    );
    return { delivery_id: result.deliveryId, redelivery: result.redelivery };
  });
