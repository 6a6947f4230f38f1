import { errors, json, parameters } from "../openapi-helpers.ts";
import { tenantParams } from "./admin-request.ts";
import { assignSubscriptionBody, subscriptionBody, subscriptionsResponse } from "./tenant-subscriptions.ts";

/** OpenAPI entries of a tenant's subscription endpoints. */
export function tenantSubscriptionsOpenApiPaths() {
  return {
    "/v1/admin/tenants/{tenantId}/subscriptions": {
      get: {
        summary: "A tenant's subscription history (operator)",
        description: "Operator key (admin scope, no tenant); tenant keys get 403.",
        parameters: parameters(tenantParams, "path"),
        responses: {
          "200": { description: "subscriptions, oldest first", content: json(subscriptionsResponse) },
          ...errors(400, 401, 403, 404),
        },
      },
      post: {
        summary: "Put a tenant on a published plan version from starts_at (operator, audited)",
        description:
          "The subscription in force at starts_at ends there; subscriptions never overlap. 409 for a draft or " +
          "archived version, a tenant with a subscription starting at or after starts_at, usage already rated " +
          "under another version since starts_at, or the same version; 400 for a start before effective_from.",
        parameters: parameters(tenantParams, "path"),
        requestBody: { required: true, content: json(assignSubscriptionBody) },
        responses: {
          "201": { description: "the new subscription", content: json(subscriptionBody) },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
  };
}
