import { getPlan } from "@tollgate/use-cases/pricing";
import { planWithVersionsJson } from "../../wire/index.ts";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { planIdParam } from "../plan-versions/plan-version-schemas.ts";
import { OPERATOR, PLANS_PATH, planWithVersionsOutput } from "./plan-schemas.ts";

/** A plan with its versions (operator). */
export const getPlanOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: `${PLANS_PATH}/{planId}`,
      summary: "A plan with its versions (operator)",
      description: OPERATOR,
      responseDescription: "the plan",
      errors: [400, 401, 403, 404],
    },
  })
  // Not strict: the query string of this GET was never checked, and unknown parameters stay ignored.
  .input(z.object({ planId: planIdParam }))
  .output(planWithVersionsOutput)
  .query(async ({ ctx, input }) => planWithVersionsJson(await getPlan(ctx.db, input.planId)));
