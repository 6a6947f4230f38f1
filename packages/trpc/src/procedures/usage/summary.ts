import { getDailyUsage, getUsageTotals } from "@tollgate/db";
import { AppError } from "@tollgate/domain";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";

const MAX_RANGE_MS = 400 * 24 * 3600 * 1000;

const tokensSchema = z.object({
  input: z.string(),
  cached_input: z.string(),
  cache_write: z.string(),
  output: z.string(),
  reasoning: z.string(),
});
const totalsSchema = z.object({
  eventCount: z.string(),
  unratedCount: z.string(),
  tokens: tokensSchema,
  totalTokens: z.string(),
  amount: z.string(),
});

export const usageSummaryInput = z.object({ from: z.iso.datetime(), to: z.iso.datetime() });
export const usageSummaryOutput = z.object({
  tenantId: z.uuid(),
  from: z.string(),
  to: z.string(),
  totals: totalsSchema,
  daily: z.array(totalsSchema.extend({ day: z.string() })),
});

/** Token totals and amounts (decimal strings) for one tenant over [from, to), with a per-day series. */
export const usageSummary = tenantProcedure
  .input(usageSummaryInput)
  .output(usageSummaryOutput)
  .query(async ({ ctx, input }) => {
    const range = { from: new Date(input.from), to: new Date(input.to) };
    const span = range.to.getTime() - range.from.getTime();
    if (span <= 0 || span > MAX_RANGE_MS)
      throw new AppError("bad_request", "range must be positive and at most 400 days");
    const [totals, daily] = await Promise.all([
      getUsageTotals(ctx.db, ctx.tenantId, range),
      getDailyUsage(ctx.db, ctx.tenantId, range),
    ]);
    return { tenantId: ctx.tenantId, from: input.from, to: input.to, totals, daily };
  });
