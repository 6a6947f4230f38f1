import { listTenantSubscriptions } from "@tollgate/use-cases/subscriptions";
import { subscriptionJson } from "../../wire/index.ts";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { tenantIdParam } from "../admin-fields.ts";
import { SUBSCRIPTIONS_PATH, subscriptionOutput } from "./subscription-schemas.ts";

/** A tenant's subscription history (operator). */
export const listSubscriptionsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: SUBSCRIPTIONS_PATH,
      summary: "A tenant's subscription history (operator)",
      description: "Operator key (admin scope, no tenant); tenant keys get 403.",
      responseDescription: "subscriptions, oldest first",
      errors: [400, 401, 403, 404],
    },
  })
  // Not strict: the query string of this GET was never checked, and unknown parameters stay ignored.
  .input(z.object({ tenantId: tenantIdParam }))
  .output(z.object({ subscriptions: z.array(subscriptionOutput).describe("oldest first") }))
  .query(async ({ ctx, input }) => ({
    subscriptions: (await listTenantSubscriptions(ctx.db, input.tenantId)).map(subscriptionJson),
  }));
