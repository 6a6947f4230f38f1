import { getPlanVersion } from "@tollgate/use-cases/pricing";
import { planRateJson, planVersionJson } from "../../wire/index.ts";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { planRateOutput, planVersionOutput, VERSION_PATH, versionParams } from "./plan-version-schemas.ts";

/** A version with all its explicit rates (operator). */
export const getPlanVersionOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: VERSION_PATH,
      summary: "A version with all its explicit rates (operator)",
      description: "Operator key (admin scope, no tenant); tenant keys get 403.",
      responseDescription: "the version and its rates",
      errors: [400, 401, 403, 404],
    },
  })
  // Not strict: the query string of this GET was never checked, and unknown parameters stay ignored.
  .input(z.object(versionParams))
  .output(planVersionOutput.extend({ rates: z.array(planRateOutput) }))
  .query(async ({ ctx, input }) => {
    const version = await getPlanVersion(ctx.db, input.planId, input.versionId);
    return { ...planVersionJson(version), rates: version.rates.map(planRateJson) };
  });
