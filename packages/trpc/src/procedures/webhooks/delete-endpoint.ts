import { deleteWebhookEndpoint } from "@tollgate/use-cases/webhooks";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { optionalReason } from "../admin-fields.ts";
import { ENDPOINT_PATH, endpointParams } from "./webhook-schemas.ts";

/** Deletes a webhook endpoint and its delivery log (operator, audited). */
export const deleteWebhookEndpointOperation = operatorOperation
  .meta({
    rest: {
      method: "DELETE",
      path: ENDPOINT_PATH,
      status: 204,
      summary: "Delete a webhook endpoint and its delivery log (operator, audited)",
      responseDescription: "deleted",
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ ...endpointParams, reason: optionalReason }))
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    await deleteWebhookEndpoint(ctx.db, input.tenantId, input.endpointId, { actor: ctx.actor, reason: input.reason });
  });
