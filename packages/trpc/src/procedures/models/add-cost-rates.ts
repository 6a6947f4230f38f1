import { addCostRates } from "@tollgate/use-cases/catalog";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import {
  addCostRatesFields,
  addCostRatesOutput,
  historyRate,
  MODEL_PATH,
  modelIdParam,
  toModelDetailBody,
} from "./model-schemas.ts";

/** Adds a dated provider cost-rate change (operator, audited); rates written request a re-rating. */
export const addCostRatesOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: `${MODEL_PATH}/cost-rates`,
      status: 201,
      summary: "Add a dated provider cost-rate change (admin scope; audited)",
      description:
        "History is never rewritten: a rate at an existing (token type, effective_from) with another price is a " +
        "409 (the same price is a no-op, 200); a past effective_from is accepted only when it is later than " +
        "every existing rate of that type, else 409. Nothing is written when any type is refused.",
      responseDescription: "rates added",
      // A retry that writes nothing is a 200: the rates were there already.
      unchanged: {
        status: 200,
        responseDescription: "the same rates already existed; nothing changed",
        when: (output) => (output as { created: unknown[] }).created.length === 0,
      },
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(z.strictObject({ id: modelIdParam, ...addCostRatesFields }))
  .output(addCostRatesOutput)
  .mutation(async ({ ctx, input }) => {
    const result = await addCostRates(
      ctx.db,
      input.id,
      {
        effectiveFrom: input.effective_from === undefined ? undefined : new Date(input.effective_from),
        rates: input.rates,
        source: input.source,
      },
      { actor: ctx.actor, reason: input.reason },
      { ratingSweeps: ctx.ratingSweeps },
    );
    return { model: toModelDetailBody(result.model), created: result.created.map(historyRate) };
  });
