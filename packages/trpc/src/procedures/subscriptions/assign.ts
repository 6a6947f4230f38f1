import { assignSubscription } from "@tollgate/use-cases/subscriptions";
import { subscriptionJson } from "../../wire/index.ts";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { instant, optionalReason, tenantIdParam, uuidParam } from "../admin-fields.ts";
import { SUBSCRIPTIONS_PATH, subscriptionOutput } from "./subscription-schemas.ts";

/** Puts a tenant on a published plan version from starts_at (operator, audited); requests the tenant's re-rating. */
export const assignSubscriptionOperation = operatorOperation
  .meta({
    rest: {
      method: "POST",
      path: SUBSCRIPTIONS_PATH,
      status: 201,
      summary: "Put a tenant on a published plan version from starts_at (operator, audited)",
      description:
        "The subscription in force at starts_at ends there; subscriptions never overlap. 409 for a draft or " +
        "archived version, a tenant with a subscription starting at or after starts_at, usage already rated " +
        "under another version since starts_at, or the same version; 400 for a start before effective_from.",
      responseDescription: "the new subscription",
      errors: [400, 401, 403, 404, 409],
    },
  })
  .input(
    z.strictObject({
      tenantId: tenantIdParam,
      plan_version_id: uuidParam("plan version").describe("a published version"),
      starts_at: instant.describe(
        "when the tenant moves to the version; not before its effective_from; the current subscription ends here",
      ),
      ends_at: instant.nullable().optional().describe("exclusive end; default none (open-ended)"),
      reason: optionalReason,
    }),
  )
  .output(subscriptionOutput)
  .mutation(async ({ ctx, input }) => {
    const subscription = await assignSubscription(
      ctx.db,
      input.tenantId,
      { planVersionId: input.plan_version_id, startsAt: input.starts_at, endsAt: input.ends_at },
      { actor: ctx.actor, reason: input.reason },
      { ratingSweeps: ctx.ratingSweeps },
    );
    return subscriptionJson(subscription);
  });
