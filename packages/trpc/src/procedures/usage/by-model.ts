import { getUsageByModel } from "@tollgate/use-cases/usage";
import { z } from "zod";
import { tenantReadProcedure } from "../../trpc.ts";
import { toUsageRange, usageRangeInput, usageTotalsSchema } from "./usage-schemas.ts";

export const usageByModelOutput = z.array(usageTotalsSchema.extend({ modelId: z.string() }));

/** One tenant's usage per model over [from, to), most expensive first. */
export const usageByModel = tenantReadProcedure
  .input(usageRangeInput)
  .output(usageByModelOutput)
  .query(async ({ ctx, input }) => getUsageByModel(ctx.db, ctx.tenantId, toUsageRange(input)));
