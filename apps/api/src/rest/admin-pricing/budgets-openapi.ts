import { errors, json, parameters } from "../openapi-helpers.ts";
import { tenantParams } from "./admin-request.ts";
import {
  budgetBody,
  budgetParams,
  budgetsResponse,
  createBudgetBody,
  deleteBudgetQuery,
  updateBudgetBody,
} from "./budgets.ts";

/** OpenAPI entries of a tenant's budget endpoints. */
export function budgetsOpenApiPaths() {
  return {
    "/v1/admin/tenants/{tenantId}/budgets": {
      get: {
        summary: "A tenant's budgets (operator)",
        description: "Operator key (admin scope, no tenant); tenant keys get 403.",
        parameters: parameters(tenantParams, "path"),
        responses: { "200": { description: "budgets", content: json(budgetsResponse) }, ...errors(400, 401, 403, 404) },
      },
      post: {
        summary: "Set a budget for the tenant, one of its API keys or a customer, per month (operator, audited)",
        description: "409 when that scope already has a budget for the period (PATCH it instead).",
        parameters: parameters(tenantParams, "path"),
        requestBody: { required: true, content: json(createBudgetBody) },
        responses: {
          "201": { description: "the budget", content: json(budgetBody) },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    "/v1/admin/tenants/{tenantId}/budgets/{budgetId}": {
      patch: {
        summary: "Change a budget's amount, currency, thresholds or hard limit (operator, audited)",
        parameters: parameters(budgetParams, "path"),
        requestBody: { required: true, content: json(updateBudgetBody) },
        responses: {
          "200": { description: "the budget", content: json(budgetBody) },
          ...errors(400, 401, 403, 404),
        },
      },
      delete: {
        summary: "Delete a budget (operator, audited)",
        parameters: [...parameters(budgetParams, "path"), ...parameters(deleteBudgetQuery, "query")],
        responses: { "204": { description: "deleted" }, ...errors(400, 401, 403, 404) },
      },
    },
  };
}
