import { setTenantBilling } from "@tollgate/use-cases/tenants";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiDeps } from "../../api-deps.ts";
import { errors, json, parameters } from "../openapi-helpers.ts";
import { changeContext, optionalReason, parseAdmin, requireOperatorKey, tenantParams } from "./admin-request.ts";

export const tenantBillingBody = z.strictObject({
  prepaid: z
    .boolean()
    .describe("true: usage must be covered by credit; reservations are refused past the live credit balance"),
  reason: optionalReason,
});

export const tenantBillingResponse = z.object({ tenant_id: z.uuid(), name: z.string(), prepaid: z.boolean() });

/** PUT /v1/admin/tenants/:tenantId/billing: how the tenant pays (operator, audited). */
export function registerAdminTenantBilling(app: FastifyInstance, deps: ApiDeps): void {
  app.put("/v1/admin/tenants/:tenantId/billing", async (request) => {
    const actor = await requireOperatorKey(request, deps);
    const { tenantId } = parseAdmin(tenantParams, request.params, "path");
    const body = parseAdmin(tenantBillingBody, request.body, "body");
    const view = await setTenantBilling(
      deps.db,
      tenantId,
      { prepaid: body.prepaid },
      changeContext(actor, body.reason),
    );
    const response: z.infer<typeof tenantBillingResponse> = {
      tenant_id: view.tenantId,
      name: view.name,
      prepaid: view.prepaid,
    };
    return response;
  });
}

export function tenantBillingOpenApiPaths() {
  return {
    "/v1/admin/tenants/{tenantId}/billing": {
      put: {
        summary: "Set whether the tenant is prepaid (operator, audited)",
        description: "Prepaid tenants' hard-limit reservations also hold against their live credit balance.",
        parameters: parameters(tenantParams, "path"),
        requestBody: { required: true, content: json(tenantBillingBody) },
        responses: {
          "200": { description: "the tenant's billing settings", content: json(tenantBillingResponse) },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}
