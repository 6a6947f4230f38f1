import { creditGrantHistory } from "@tollgate/use-cases/credits";
import { z } from "zod";
import { creditGrantJson } from "../../wire/index.ts";
import { tenantReadProcedure } from "../../trpc.ts";
import { creditGrantOutput } from "../credit-grants/credit-grant-schemas.ts";

/**
 * One grant's use over time, by UTC day, from the ledger: credit applied to usage (`used`), taken back at expiry or
 * void (`expired`) and the balance left at the end of each day (days without use are absent). 404 for a grant of
 * another tenant.
 */
export const creditGrantHistoryProcedure = tenantReadProcedure
  .input(z.object({ grantId: z.uuid() }))
  .output(
    z.object({
      tenant_id: z.uuid(),
      grant: creditGrantOutput,
      days: z.array(
        z.object({
          day: z.string().describe("UTC day, YYYY-MM-DD"),
          used: z.string(),
          expired: z.string(),
          balance: z.string().describe("left of the grant at the end of the day"),
        }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    const history = await creditGrantHistory(ctx.db, ctx.tenantId, input.grantId);
    return { tenant_id: ctx.tenantId, grant: creditGrantJson(history.grant), days: history.days };
  });
