import { summarizeUsage } from "@tollgate/use-cases/usage";
import { z } from "zod";
import { tenantReadProcedure } from "../../trpc.ts";
import { toUsageRange, usageRangeInput, usageTotalsSchema } from "./usage-schemas.ts";

export const usageSummaryOutput = z.object({
  tenantId: z.uuid(),
  from: z.string(),
  to: z.string(),
  /** Currency of the plan in force at the end of the range (USD when the tenant has no plan). */
  currency: z.string().length(3),
  plan: z.object({ code: z.string(), name: z.string(), version: z.number().int() }).nullable(),
  totals: usageTotalsSchema,
  daily: z.array(usageTotalsSchema.extend({ day: z.string() })),
});

/** Token totals and amounts for one tenant over [from, to), with a per-day series. */
export const usageSummary = tenantReadProcedure
  .input(usageRangeInput)
  .output(usageSummaryOutput)
  .query(async ({ ctx, input }) => {
    const summary = await summarizeUsage(ctx.db, ctx.tenantId, toUsageRange(input), { daily: true });
    return {
      tenantId: summary.tenantId,
      from: input.from,
      to: input.to,
      currency: summary.currency,
      plan: summary.plan,
      totals: summary.totals,
      daily: summary.daily ?? [],
    };
  });
