import { deleteWebhookEndpoint } from "@tollgate/use-cases/webhooks";
import { z } from "zod";
import { tenantWriteProcedure } from "../../trpc.ts";
import { endpointIdInput } from "./tenant-webhook-schemas.ts";

/** A tenant admin deletes one of their endpoints and its delivery log (audited). */
export const deleteTenantWebhookEndpoint = tenantWriteProcedure
  .input(endpointIdInput)
  .output(z.object({ tenant_id: z.uuid(), endpoint_id: z.uuid() }))
  .mutation(async ({ ctx, input }) => {
    await deleteWebhookEndpoint(ctx.db, ctx.tenantId, input.endpointId, { actor: ctx.user });
    return { tenant_id: ctx.tenantId, endpoint_id: input.endpointId };
  });
