import { setTenantBilling } from "@tollgate/use-cases/tenants";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { optionalReason, tenantIdParam } from "../admin-fields.ts";

/** Sets how the tenant pays: prepaid or not (operator, audited). */
export const setTenantBillingOperation = operatorOperation
  .meta({
    rest: {
      method: "PUT",
      path: "/v1/admin/tenants/{tenantId}/billing",
      summary: "Set whether the tenant is prepaid (operator, audited)",
      description: "Prepaid tenants' hard-limit reservations also hold against their live credit balance.",
      responseDescription: "the tenant's billing settings",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      tenantId: tenantIdParam,
      prepaid: z
        .boolean()
        .describe("true: usage must be covered by credit; reservations are refused past the live credit balance"),
      reason: optionalReason,
    }),
  )
  .output(z.object({ tenant_id: z.uuid(), name: z.string(), prepaid: z.boolean() }))
  .mutation(async ({ ctx, input }) => {
    const view = await setTenantBilling(
      ctx.db,
      input.tenantId,
      { prepaid: input.prepaid },
      { actor: ctx.actor, reason: input.reason },
    );
    return { tenant_id: view.tenantId, name: view.name, prepaid: view.prepaid };
  });
