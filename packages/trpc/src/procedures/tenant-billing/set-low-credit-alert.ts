import { lowCreditAlertDaysSchema } from "@tollgate/domain";
import { setLowCreditAlertDays } from "@tollgate/use-cases/tenants";
import { z } from "zod";
import { tenantWriteProcedure } from "../../trpc.ts";

/**
 * A tenant admin (or an operator) sets how many days ahead the tenant is alerted when its credit is projected to
 * run out (null: no alert); viewers get FORBIDDEN. Audited.
 */
export const setLowCreditAlertProcedure = tenantWriteProcedure
  .input(z.object({ days: lowCreditAlertDaysSchema }))
  .output(z.object({ tenant_id: z.uuid(), low_credit_alert_days: z.number().int().nullable() }))
  .mutation(async ({ ctx, input }) => {
    const result = await setLowCreditAlertDays(ctx.db, ctx.tenantId, input.days, ctx.user);
    return { tenant_id: ctx.tenantId, low_credit_alert_days: result.lowCreditAlertDays };
  });
