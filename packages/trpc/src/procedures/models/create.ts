import { createModel } from "@tollgate/use-cases/catalog";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { createModelFields, MODELS_PATH, modelDetailOutput, toModelDetailBody } from "./model-schemas.ts";

const optionalDate = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

/** Adds a model to the catalog (operator, audited); the use case then requests a re-rating of every tenant. */
export const createModelOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: MODELS_PATH,
      status: 201,
      summary: "Add a model to the catalog (admin scope; audited)",
      description:
        "The id is <provider>/<name>. An exact alias already used by another model, or an existing id, is a 409.",
      responseDescription: "the new model",
      errors: [400, 401, 403, 409],
    },
  })
  .input(z.strictObject(createModelFields))
  .output(modelDetailOutput)
  .mutation(async ({ ctx, input }) => {
    const model = await createModel(
      ctx.db,
      {
        id: input.id,
        provider: input.provider,
        displayName: input.display_name,
        aliases: input.aliases,
        costRates: input.cost_rates && {
          effectiveFrom: optionalDate(input.cost_rates.effective_from),
          rates: input.cost_rates.rates,
          source: input.cost_rates.source,
        },
      },
      { actor: ctx.actor, reason: input.reason },
      { ratingSweeps: ctx.ratingSweeps },
    );
    return toModelDetailBody(model);
  });
