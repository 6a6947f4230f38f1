import {
  archivePlanVersion,
  copyPlanVersion,
  createPlanVersionDraft,
  getPlanVersion,
  MAX_PLAN_RATES,
  publishPlanVersion,
  updatePlanVersionDraft,
  type PlanRateInput,
} from "@tollgate/use-cases/pricing";
import { planRateJson, planVersionJson } from "@tollgate/trpc/wire";
import { planPricingSchema, storedText, TOKEN_TYPES } from "@tollgate/domain";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiDeps } from "../../api-deps.ts";
import { sweepAfterPriceChange } from "../request-rating-sweep.ts";
import {
  changeContext,
  currency,
  decimalText,
  instant,
  optionalReason,
  parseAdmin,
  reasonOnlyBody,
  requireOperatorKey,
  uuidParam,
} from "./admin-request.ts";

const VERSIONS_PATH = "/v1/admin/plans/:planId/versions";
/** Rate lists of thousands of models exceed the default 1 MiB body limit. */
const RATES_BODY_LIMIT = 32 * 1024 * 1024;

export const planParams = z.object({ planId: uuidParam("plan") });
export const versionParams = z.object({ planId: uuidParam("plan"), versionId: uuidParam("plan version") });

const rateInput = z.strictObject({
  model_id: storedText(200).min(1).describe("a catalog model id"),
  token_type: z.enum(TOKEN_TYPES),
  condition: storedText(120)
    .default("")
    .describe("'' (base rate, default), 'long_context' or 'service_tier:<tier>' (needs the matching rule)"),
  price_per_million: decimalText.describe("price per 1,000,000 tokens, exact decimal string"),
});
const ratesInput = z
  .array(rateInput)
  .max(MAX_PLAN_RATES)
  .describe(`explicit per-model rates (at most ${MAX_PLAN_RATES}); written set-based`);
const pricingInput = planPricingSchema.describe(
  "the pricing document: model_markups, unlisted_models, rules, allowances, tiers, minimum_commitment, spend_cap",
);

export const createVersionBody = z.strictObject({
  currency,
  effective_from: instant.describe("when the version's prices apply from; subscriptions may not start earlier"),
  pricing: pricingInput.optional(),
  rates: ratesInput.optional(),
  reason: optionalReason,
});

export const updateVersionBody = z.strictObject({
  currency: currency.optional(),
  effective_from: instant.optional(),
  pricing: pricingInput.optional(),
  rates: ratesInput.optional().describe("replaces every explicit rate of the draft"),
  reason: optionalReason,
});

export const copyVersionBody = z.strictObject({
  effective_from: instant.optional().describe("the new draft's effective_from; default the source's"),
  reason: optionalReason,
});

export const planVersionBody = z.object({
  id: z.uuid(),
  plan_id: z.uuid(),
  version: z.number().int().describe("ascends per plan"),
  status: z.enum(["draft", "published", "archived"]),
  currency: z.string(),
  effective_from: z.string(),
  effective_to: z.string().nullable(),
  published_at: z.string().nullable(),
  archived_at: z.string().nullable(),
  created_at: z.string(),
  pricing: z.record(z.string(), z.unknown()).describe("the pricing document, defaults filled in"),
  rate_count: z.number().int(),
  active_subscriptions: z.number().int().describe("subscriptions on this version that have not ended"),
});
export const planRateBody = z.object({
  model_id: z.string(),
  token_type: z.enum(TOKEN_TYPES),
  condition: z.string(),
  price_per_million: z.string(),
});
export const planVersionDetailBody = planVersionBody.extend({ rates: z.array(planRateBody) });
function toRateInputs(rates: z.infer<typeof rateInput>[] | undefined): PlanRateInput[] | undefined {
  return rates?.map((rate) => ({
    modelId: rate.model_id,
    tokenType: rate.token_type,
    condition: rate.condition,
    pricePerMillion: rate.price_per_million,
  }));
}

/** Operator endpoints for plan versions: drafts, publish, archive, copy (a published version is immutable). */
export function registerAdminPlanVersions(app: FastifyInstance, deps: ApiDeps): void {
  app.post(VERSIONS_PATH, { bodyLimit: RATES_BODY_LIMIT }, async (request, reply) => {
    const actor = await requireOperatorKey(request, deps);
    const { planId } = parseAdmin(planParams, request.params, "path");
    const body = parseAdmin(createVersionBody, request.body, "body");
    const version = await createPlanVersionDraft(
      deps.db,
      planId,
      {
        currency: body.currency,
        effectiveFrom: body.effective_from,
        pricing: body.pricing,
        rates: toRateInputs(body.rates),
      },
      changeContext(actor, body.reason),
    );
    const response: z.infer<typeof planVersionBody> = planVersionJson(version);
    return reply.status(201).send(response);
  });

  app.get(`${VERSIONS_PATH}/:versionId`, async (request) => {
    await requireOperatorKey(request, deps);
    const { planId, versionId } = parseAdmin(versionParams, request.params, "path");
    const version = await getPlanVersion(deps.db, planId, versionId);
    const response: z.infer<typeof planVersionDetailBody> = {
      ...planVersionJson(version),
      rates: version.rates.map(planRateJson),
    };
    return response;
  });

  app.patch(`${VERSIONS_PATH}/:versionId`, { bodyLimit: RATES_BODY_LIMIT }, async (request) => {
    const actor = await requireOperatorKey(request, deps);
    const { planId, versionId } = parseAdmin(versionParams, request.params, "path");
    const body = parseAdmin(updateVersionBody, request.body, "body");
    const version = await updatePlanVersionDraft(
      deps.db,
      planId,
      versionId,
      {
        currency: body.currency,
        effectiveFrom: body.effective_from,
        pricing: body.pricing,
        rates: toRateInputs(body.rates),
      },
      changeContext(actor, body.reason),
    );
    const response: z.infer<typeof planVersionBody> = planVersionJson(version);
    return response;
  });

  app.post(`${VERSIONS_PATH}/:versionId/publish`, async (request) => {
    const actor = await requireOperatorKey(request, deps);
    const { planId, versionId } = parseAdmin(versionParams, request.params, "path");
    const body = parseAdmin(reasonOnlyBody, request.body, "body");
    const version = await publishPlanVersion(deps.db, planId, versionId, changeContext(actor, body.reason));
    await sweepAfterPriceChange(deps, request.log);
    const response: z.infer<typeof planVersionBody> = planVersionJson(version);
    return response;
  });

  app.post(`${VERSIONS_PATH}/:versionId/archive`, async (request) => {
    const actor = await requireOperatorKey(request, deps);
    const { planId, versionId } = parseAdmin(versionParams, request.params, "path");
    const body = parseAdmin(reasonOnlyBody, request.body, "body");
    const version = await archivePlanVersion(deps.db, planId, versionId, changeContext(actor, body.reason));
    const response: z.infer<typeof planVersionBody> = planVersionJson(version);
    return response;
  });

  app.post(`${VERSIONS_PATH}/:versionId/copy`, async (request, reply) => {
    const actor = await requireOperatorKey(request, deps);
    const { planId, versionId } = parseAdmin(versionParams, request.params, "path");
    const body = parseAdmin(copyVersionBody, request.body, "body");
    const version = await copyPlanVersion(
      deps.db,
      planId,
      versionId,
      { effectiveFrom: body.effective_from },
      changeContext(actor, body.reason),
    );
    const response: z.infer<typeof planVersionBody> = planVersionJson(version);
    return reply.status(201).send(response);
  });
}
