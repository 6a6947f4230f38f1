import { planVersionJson } from "../../wire/index.ts";
import { updatePlanVersionDraft } from "@tollgate/use-cases/pricing";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { currency, instant, optionalReason } from "../admin-fields.ts";
import {
  IMMUTABLE,
  OPERATOR,
  planVersionOutput,
  pricingInput,
  RATES_BODY_LIMIT,
  ratesInput,
  toRateInputs,
  VERSION_PATH,
  versionParams,
} from "./plan-version-schemas.ts";

/** Changes a draft: currency, effective_from, pricing and/or its whole rate list (operator, audited). */
export const updatePlanVersionOperation = operatorOperation
  .meta({
    rest: {
      method: "PATCH",
      path: VERSION_PATH,
      bodyLimit: RATES_BODY_LIMIT,
      summary: "Change a draft: currency, effective_from, pricing and/or its whole rate list (operator)",
      description: `${OPERATOR} ${IMMUTABLE} Sent rates replace all of the draft's rates.`,
      responseDescription: "the draft",
      errors: [400, 401, 403, 404, 409, 413],
    },
  })
  .input(
    z.strictObject({
      ...versionParams,
      currency: currency.optional(),
      effective_from: instant.optional(),
      pricing: pricingInput.optional(),
      rates: ratesInput.optional().describe("replaces every explicit rate of the draft"),
      reason: optionalReason,
    }),
  )
  .output(planVersionOutput)
  .mutation(async ({ ctx, input }) => {
    const version = await updatePlanVersionDraft(
      ctx.db,
      input.planId,
      input.versionId,
      {
        currency: input.currency,
        effectiveFrom: input.effective_from,
        pricing: input.pricing,
        rates: toRateInputs(input.rates),
      },
      { actor: ctx.actor, reason: input.reason },
    );
    return planVersionJson(version);
  });
