import { createPlan, getPlan, listPlans } from "@tollgate/use-cases/pricing";
import { planJson, planWithVersionsJson } from "@tollgate/trpc/wire";
import type { FastifyInstance } from "fastify";
import { storedText } from "@tollgate/domain";
import { z } from "zod";
import type { ApiDeps } from "../../api-deps.ts";
import { changeContext, optionalReason, parseAdmin, requireOperatorKey } from "./admin-request.ts";
import { planParams, planVersionBody } from "./plan-versions.ts";

export const PLANS_PATH = "/v1/admin/plans";

export const createPlanBody = z.strictObject({
  code: storedText(63).describe("stable identifier, e.g. \"pro\": 1-63 lower-case letters, digits, '-' or '_'"),
  name: storedText(200).min(1),
  description: storedText(2000).optional(),
  reason: optionalReason,
});

export const planBody = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  created_at: z.string(),
});
export const planWithVersionsBody = planBody.extend({
  versions: z.array(planVersionBody).describe("newest first"),
});
export const plansResponse = z.object({ plans: z.array(planWithVersionsBody) });

/** Operator endpoints for plans (pricing tiers); their prices live in versions (plan-versions.ts). */
export function registerAdminPlans(app: FastifyInstance, deps: ApiDeps): void {
  app.post(PLANS_PATH, async (request, reply) => {
    const actor = await requireOperatorKey(request, deps);
    const body = parseAdmin(createPlanBody, request.body, "body");
    const plan = await createPlan(deps.db, body, changeContext(actor, body.reason));
    const response: z.infer<typeof planBody> = planJson(plan);
    return reply.status(201).send(response);
  });

  app.get(PLANS_PATH, async (request) => {
    await requireOperatorKey(request, deps);
    const response: z.infer<typeof plansResponse> = { plans: (await listPlans(deps.db)).map(planWithVersionsJson) };
    return response;
  });

  app.get(`${PLANS_PATH}/:planId`, async (request) => {
    await requireOperatorKey(request, deps);
    const { planId } = parseAdmin(planParams, request.params, "path");
    const response: z.infer<typeof planWithVersionsBody> = planWithVersionsJson(await getPlan(deps.db, planId));
    return response;
  });
}
