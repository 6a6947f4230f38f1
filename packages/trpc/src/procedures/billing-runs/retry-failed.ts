import { retryFailedBillingRun } from "@tollgate/use-cases/billing-runs";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import {
  BILLING_RUNS_PATH,
  billingClosesOf,
  billingRunJson,
  billingRunOutput,
  runIdParam,
} from "./billing-run-schemas.ts";

/** Runs a billing run's failed tenants again (operator). */
export const retryFailedBillingRunOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${BILLING_RUNS_PATH}/{runId}/retry-failed`,
      status: 202,
      summary: "Retry a billing run's failed tenants (operator)",
      description:
        "Their closes are queued again with fresh attempts; closes are idempotent, so this is safe to repeat.",
      responseDescription: "the run, running again when anything was retried",
      bodyOptional: true,
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ runId: runIdParam }))
  .output(z.object({ run: billingRunOutput, retried: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    const result = await retryFailedBillingRun(ctx.db, ctx.actor, input.runId, billingClosesOf(ctx));
    return { run: billingRunJson(result.run), retried: result.retried };
  });
