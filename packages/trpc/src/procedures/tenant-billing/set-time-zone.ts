import { setTenantTimeZone } from "@tollgate/use-cases/tenants";
import { z } from "zod";
import { tenantWriteProcedure } from "../../trpc.ts";

/**
 * A tenant admin (or an operator) sets the tenant's time zone: the usage explorer's default days, kept as local-day
 * rollups by the worker. Viewers get FORBIDDEN; a zone that is not IANA (or unknown to the database) BAD_REQUEST.
 * Audited.
 */
export const setTimeZoneProcedure = tenantWriteProcedure
  .input(z.object({ timeZone: z.string().min(1).max(64) }))
  .output(z.object({ tenant_id: z.uuid(), time_zone: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const result = await setTenantTimeZone(ctx.db, ctx.tenantId, input.timeZone, ctx.user);
    return { tenant_id: ctx.tenantId, time_zone: result.timeZone };
  });
