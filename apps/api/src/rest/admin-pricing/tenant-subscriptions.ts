import { assignSubscription, listTenantSubscriptions } from "@tollgate/use-cases/subscriptions";
import { subscriptionJson } from "@tollgate/trpc/wire";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiDeps } from "../../api-deps.ts";
import { sweepAfterPriceChange } from "../request-rating-sweep.ts";
import {
  changeContext,
  instant,
  optionalReason,
  parseAdmin,
  requireOperatorKey,
  tenantParams,
  uuidParam,
} from "./admin-request.ts";

const SUBSCRIPTIONS_PATH = "/v1/admin/tenants/:tenantId/subscriptions";

export const assignSubscriptionBody = z.strictObject({
  plan_version_id: uuidParam("plan version").describe("a published version"),
  starts_at: instant.describe(
    "when the tenant moves to the version; not before its effective_from; the current subscription ends here",
  ),
  ends_at: instant.nullable().optional().describe("exclusive end; default none (open-ended)"),
  reason: optionalReason,
});

export const subscriptionBody = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  plan_version_id: z.uuid(),
  plan_id: z.uuid(),
  plan_code: z.string(),
  plan_name: z.string(),
  version: z.number().int(),
  version_status: z.enum(["draft", "published", "archived"]),
  currency: z.string(),
  starts_at: z.string(),
  ends_at: z.string().nullable().describe("exclusive; null = open-ended"),
  created_at: z.string(),
});
export const subscriptionsResponse = z.object({ subscriptions: z.array(subscriptionBody).describe("oldest first") });

/** Operator endpoints for a tenant's subscriptions (one plan version at a time, never overlapping). */
export function registerAdminTenantSubscriptions(app: FastifyInstance, deps: ApiDeps): void {
  app.get(SUBSCRIPTIONS_PATH, async (request) => {
    await requireOperatorKey(request, deps);
    const { tenantId } = parseAdmin(tenantParams, request.params, "path");
    const subscriptions = await listTenantSubscriptions(deps.db, tenantId);
    const response: z.infer<typeof subscriptionsResponse> = { subscriptions: subscriptions.map(subscriptionJson) };
    return response;
  });

  app.post(SUBSCRIPTIONS_PATH, async (request, reply) => {
    const actor = await requireOperatorKey(request, deps);
    const { tenantId } = parseAdmin(tenantParams, request.params, "path");
    const body = parseAdmin(assignSubscriptionBody, request.body, "body");
    const subscription = await assignSubscription(
      deps.db,
      tenantId,
      { planVersionId: body.plan_version_id, startsAt: body.starts_at, endsAt: body.ends_at },
      changeContext(actor, body.reason),
    );
    await sweepAfterPriceChange(deps, request.log, tenantId);
    const response: z.infer<typeof subscriptionBody> = subscriptionJson(subscription);
    return reply.status(201).send(response);
  });
}
