import { getBillingRun } from "@tollgate/use-cases/billing-runs";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import {
  BILLING_RUNS_PATH,
  billingRunJson,
  billingRunOutput,
  billingRunTenantJson,
  billingRunTenantOutput,
  runIdParam,
  runPageLimit,
  runPageOffset,
} from "./billing-run-schemas.ts";

/** One billing run with its tenants' outcomes and errors (operator). */
export const getBillingRunOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: `${BILLING_RUNS_PATH}/{runId}`,
      summary: "A billing run with its tenants' outcomes (operator)",
      description: "Outcomes: failed first, then pending, then closed; filter with status.",
      responseDescription: "the run and a page of its tenant outcomes",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      runId: runIdParam,
      status: z.enum(["pending", "closed", "failed"]).optional(),
      limit: runPageLimit,
      offset: runPageOffset,
    }),
  )
  .output(z.object({ run: billingRunOutput, tenants: z.array(billingRunTenantOutput), total: z.number().int() }))
  .query(async ({ ctx, input }) => {
    const detail = await getBillingRun(ctx.db, ctx.actor, input.runId, {
      status: input.status,
      limit: input.limit ?? 50,
      offset: input.offset ?? 0,
    });
    return { run: billingRunJson(detail.run), tenants: detail.tenants.map(billingRunTenantJson), total: detail.total };
  });
