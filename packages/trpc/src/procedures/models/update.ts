import { updateModel } from "@tollgate/use-cases/catalog";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { MODEL_PATH, modelDetailOutput, modelIdParam, toModelDetailBody, updateModelFields } from "./model-schemas.ts";

/** Changes a model's display name and/or aliases (operator, audited); new aliases request a re-rating. */
export const updateModelOperation = operatorOperation
  .meta({
    rest: {
      method: "PATCH",
      path: MODEL_PATH,
      summary: "Change a model's display name and/or aliases (admin scope; audited)",
      description: "aliases replaces the whole list. An added exact alias used by another model is a 409.",
      responseDescription: "the model after the change",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(z.strictObject({ id: modelIdParam, ...updateModelFields }))
  .output(modelDetailOutput)
  .mutation(async ({ ctx, input }) => {
    const model = await updateModel(
      ctx.db,
      input.id,
      { displayName: input.display_name, aliases: input.aliases },
      { actor: ctx.actor, reason: input.reason },
      { ratingSweeps: ctx.ratingSweeps },
    );
    return toModelDetailBody(model);
  });
