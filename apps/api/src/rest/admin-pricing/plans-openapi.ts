import { errors, json, parameters } from "../openapi-helpers.ts";
import { createPlanBody, planBody, plansResponse, planWithVersionsBody } from "./plans.ts";
import { planParams } from "./plan-versions.ts";

const OPERATOR = "Operator key (admin scope, no tenant); tenant keys get 403.";

/** OpenAPI entries of the plan endpoints. */
export function plansOpenApiPaths() {
  return {
    "/v1/admin/plans": {
      get: {
        summary: "List plans with their versions (operator)",
        description: OPERATOR,
        responses: { "200": { description: "plans by code", content: json(plansResponse) }, ...errors(401, 403) },
      },
      post: {
        summary: "Create a plan, e.g. Free / Pro / Enterprise (operator, audited)",
        description: `${OPERATOR} Prices live in the plan's versions.`,
        requestBody: { required: true, content: json(createPlanBody) },
        responses: {
          "201": { description: "created", content: json(planBody) },
          ...errors(400, 401, 403, 409),
        },
      },
    },
    "/v1/admin/plans/{planId}": {
      get: {
        summary: "A plan with its versions (operator)",
        description: OPERATOR,
        parameters: parameters(planParams, "path"),
        responses: {
          "200": { description: "the plan", content: json(planWithVersionsBody) },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}
