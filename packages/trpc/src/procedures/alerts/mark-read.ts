import { markAlertsRead, MAX_ALERT_IDS } from "@tollgate/use-cases/alerts";
import { z } from "zod";
import { tenantWriteProcedure } from "../../trpc.ts";

/**
 * Marks alerts read for the whole tenant (read state is per tenant, not per user): the ids given, or every unread
 * one with `all: true`. Ids of another tenant's alerts change nothing. Console only (tenant admins, operators
 * naming the tenant); a viewer gets FORBIDDEN like every change.
 */
export const markAlertsReadProcedure = tenantWriteProcedure
  .input(
    z.union([
      z.object({
        ids: z
          .array(z.string().regex(/^\d{1,18}$/, "an alert id"))
          .min(1)
          .max(MAX_ALERT_IDS),
      }),
      z.object({ all: z.literal(true) }),
    ]),
  )
  .output(z.object({ tenantId: z.uuid(), updated: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    const target = "all" in input ? { all: true as const } : { ids: input.ids };
    return { tenantId: ctx.tenantId, ...(await markAlertsRead(ctx.db, ctx.tenantId, target)) };
  });
