import { createPlanVersionDraft } from "@tollgate/use-cases/pricing";
import { planVersionJson } from "../../wire/index.ts";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { currency, instant, optionalReason } from "../admin-fields.ts";
import {
  OPERATOR,
  planIdParam,
  planVersionOutput,
  pricingInput,
  RATES_BODY_LIMIT,
  ratesInput,
  toRateInputs,
  VERSIONS_PATH,
} from "./plan-version-schemas.ts";

/** Creates a draft version with the next version number (operator, audited). */
export const createPlanVersionOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: VERSIONS_PATH,
      status: 201,
      bodyLimit: RATES_BODY_LIMIT,
      summary: "Create a draft version with the next version number (operator)",
      description:
        `${OPERATOR} Explicit rates are a list of {model_id, token_type, condition, price_per_million}; every ` +
        "model must be in the catalog and every non-empty condition named by a pricing rule. Bodies up to 32 MiB.",
      responseDescription: "the draft (without rates)",
      errors: [400, 401, 403, 404, 413],
    },
  })
  .input(
    z.strictObject({
      planId: planIdParam,
      currency,
      effective_from: instant.describe("when the version's prices apply from; subscriptions may not start earlier"),
      pricing: pricingInput.optional(),
      rates: ratesInput.optional(),
      reason: optionalReason,
    }),
  )
  .output(planVersionOutput)
  .mutation(async ({ ctx, input }) => {
    const version = await createPlanVersionDraft(
      ctx.db,
      input.planId,
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
