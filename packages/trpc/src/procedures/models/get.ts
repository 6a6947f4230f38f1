import { getModel } from "@tollgate/use-cases/catalog";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { MODEL_PATH, modelDetailOutput, modelIdParam, toModelDetailBody } from "./model-schemas.ts";

/** One model with its current cost rates and their whole history (operator). */
export const getModelOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: MODEL_PATH,
      summary: "One model with its current cost rates and their whole history (admin scope)",
      responseDescription: "the model",
      errors: [400, 401, 403, 404],
    },
  })
  // Not strict: the query string of this GET was never checked, and unknown parameters stay ignored.
  .input(z.object({ id: modelIdParam }))
  .output(modelDetailOutput)
  .query(async ({ ctx, input }) => toModelDetailBody(await getModel(ctx.db, input.id)));
