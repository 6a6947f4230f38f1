import { startBillingRun } from "@tollgate/use-cases/billing-runs";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { BILLING_RUNS_PATH, billingClosesOf, billingRunJson, billingRunOutput } from "./billing-run-schemas.ts";

/** Starts a billing run: closes every tenant due now (operator). */
export const startBillingRunOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: BILLING_RUNS_PATH,
      status: 201,
      unchanged: {
        status: 200,
        responseDescription: "every tenant due is already in a run: that run (created false)",
        when: (output) => !(output as { created: boolean }).created,
      },
      summary: "Close every tenant due now, as one billing run (operator)",
      description:
        "Queues one close per tenant whose open period has ended and is past its grace period. Safe to repeat: a " +
        "tenant's period belongs to one run and its close job has a deterministic id, so nothing is closed twice. " +
        "409 when no tenant is due.",
      responseDescription: "the new run (created true)",
      bodyOptional: true,
      errors: [401, 403, 409],
    },
  })
  .input(z.strictObject({}))
  .output(z.object({ run: billingRunOutput, created: z.boolean() }))
  .mutation(async ({ ctx }) => {
    const result = await startBillingRun(ctx.db, { principal: ctx.actor }, billingClosesOf(ctx));
    // Null only for the schedule's actor; an operator with nothing due gets a conflict.
    if (!result) throw new Error("startBillingRun returned no run for an operator");
    return { run: billingRunJson(result.run), created: result.created };
  });
