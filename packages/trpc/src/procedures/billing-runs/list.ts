import { listBillingRuns } from "@tollgate/use-cases/billing-runs";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import {
  BILLING_RUNS_PATH,
  billingRunJson,
  billingRunOutput,
  runPageLimit,
  runPageOffset,
} from "./billing-run-schemas.ts";

/** Billing runs, newest first (operator). */
export const listBillingRunsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: BILLING_RUNS_PATH,
      summary: "Billing runs, newest first, with their progress (operator)",
      description: "A run closes every tenant due at its start; closed and failed count its tenants so far.",
      responseDescription: "a page of billing runs",
      errors: [400, 401, 403],
    },
  })
  .input(z.strictObject({ limit: runPageLimit, offset: runPageOffset }))
  .output(z.object({ runs: z.array(billingRunOutput), total: z.number().int() }))
  .query(async ({ ctx, input }) => {
    const page = await listBillingRuns(ctx.db, ctx.actor, { limit: input.limit ?? 20, offset: input.offset ?? 0 });
    return { runs: page.runs.map(billingRunJson), total: page.total };
  });
