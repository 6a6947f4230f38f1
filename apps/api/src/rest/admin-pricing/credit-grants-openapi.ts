import { errors, json, parameters } from "../openapi-helpers.ts";
import { requiredReasonBody, tenantParams } from "./admin-request.ts";
import { createGrantBody, creditGrantBody, creditGrantsResponse, grantParams } from "./credit-grants.ts";

/** OpenAPI entries of a tenant's credit grant endpoints. */
export function creditGrantsOpenApiPaths() {
  return {
    "/v1/admin/tenants/{tenantId}/credit-grants": {
      get: {
        summary: "A tenant's credit grants with balances from the ledger (operator)",
        description: "Operator key (admin scope, no tenant); tenant keys get 403.",
        parameters: parameters(tenantParams, "path"),
        responses: {
          "200": { description: "grants, oldest first", content: json(creditGrantsResponse) },
          ...errors(400, 401, 403, 404),
        },
      },
      post: {
        summary: "Grant credit, paid or promotional (operator, audited)",
        description:
          "reason is required. Appends a credit_grant ledger entry of −amount (in the tenant's favour), " +
          "idempotency key credit_grant:<grant id>.",
        parameters: parameters(tenantParams, "path"),
        requestBody: { required: true, content: json(createGrantBody) },
        responses: {
          "201": { description: "the grant", content: json(creditGrantBody) },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    "/v1/admin/tenants/{tenantId}/credit-grants/{grantId}/void": {
      post: {
        summary: "Void a grant, taking back its unused balance (operator, audited)",
        description:
          "reason is required. Appends a credit_expiry ledger entry of the unused balance (if any), so the " +
          "balance becomes 0, never negative. 409 when already voided.",
        parameters: parameters(grantParams, "path"),
        requestBody: { required: true, content: json(requiredReasonBody) },
        responses: {
          "200": { description: "the voided grant", content: json(creditGrantBody) },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
  };
}
