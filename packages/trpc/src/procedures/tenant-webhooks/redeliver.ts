import { redeliverWebhook } from "@tollgate/use-cases/webhooks";
import { z } from "zod";
import { tenantWriteProcedure } from "../../trpc.ts";

/** A tenant admin sends one of their deliveries again (audited); the result appears in the delivery log. */
export const redeliverTenantWebhook = tenantWriteProcedure
  .input(z.object({ deliveryId: z.uuid() }))
  .output(z.object({ tenant_id: z.uuid(), delivery_id: z.uuid(), redelivery: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    const result = await redeliverWebhook(
      ctx.db,
      ctx.tenantId,
      input.deliveryId,
      { actor: ctx.user },
      ctx.webhookRedeliveries,
    );
    return { tenant_id: ctx.tenantId, delivery_id: result.deliveryId, redelivery: result.redelivery };
  });
