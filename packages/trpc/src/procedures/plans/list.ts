import { listPlans } from "@tollgate/use-cases/pricing";
import { planWithVersionsJson } from "../../wire/index.ts";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { OPERATOR, PLANS_PATH, planWithVersionsOutput } from "./plan-schemas.ts";

/** Every plan with its versions (operator). */
export const listPlansOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: PLANS_PATH,
      summary: "List plans with their versions (operator)",
      description: OPERATOR,
      responseDescription: "plans by code",
      errors: [401, 403],
    },
  })
  // Not strict: the query string of this GET was never checked, and unknown parameters stay ignored.
  .input(z.object({}))
  .output(z.object({ plans: z.array(planWithVersionsOutput) }))
  .query(async ({ ctx }) => ({ plans: (await listPlans(ctx.db)).map(planWithVersionsJson) }));
