import { errors, json, parameters } from "../openapi-helpers.ts";
import { reasonOnlyBody } from "./admin-request.ts";
import {
  copyVersionBody,
  createVersionBody,
  planParams,
  planVersionBody,
  planVersionDetailBody,
  updateVersionBody,
  versionParams,
} from "./plan-versions.ts";

const OPERATOR = "Operator key (admin scope, no tenant); tenant keys get 403. Audited.";
const IMMUTABLE = "A published or archived version is immutable: changing it is a 409; copy it into a new draft.";

/** OpenAPI entries of the plan version endpoints (draft → published → archived). */
export function planVersionsOpenApiPaths() {
  const versionResponse = (description: string) => ({ description, content: json(planVersionBody) });
  return {
    "/v1/admin/plans/{planId}/versions": {
      post: {
        summary: "Create a draft version with the next version number (operator)",
        description:
          `${OPERATOR} Explicit rates are a list of {model_id, token_type, condition, price_per_million}; every ` +
          "model must be in the catalog and every non-empty condition named by a pricing rule. Bodies up to 32 MiB.",
        parameters: parameters(planParams, "path"),
        requestBody: { required: true, content: json(createVersionBody) },
        responses: { "201": versionResponse("the draft (without rates)"), ...errors(400, 401, 403, 404, 413) },
      },
    },
    "/v1/admin/plans/{planId}/versions/{versionId}": {
      get: {
        summary: "A version with all its explicit rates (operator)",
        description: "Operator key (admin scope, no tenant); tenant keys get 403.",
        parameters: parameters(versionParams, "path"),
        responses: {
          "200": { description: "the version and its rates", content: json(planVersionDetailBody) },
          ...errors(400, 401, 403, 404),
        },
      },
      patch: {
        summary: "Change a draft: currency, effective_from, pricing and/or its whole rate list (operator)",
        description: `${OPERATOR} ${IMMUTABLE} Sent rates replace all of the draft's rates.`,
        parameters: parameters(versionParams, "path"),
        requestBody: { required: true, content: json(updateVersionBody) },
        responses: { "200": versionResponse("the draft"), ...errors(400, 401, 403, 404, 409, 413) },
      },
    },
    "/v1/admin/plans/{planId}/versions/{versionId}/publish": {
      post: {
        summary: "Publish a draft (operator)",
        description:
          `${OPERATOR} Checks that the pricing parses, rates name catalog models and ruled conditions, the version ` +
          "prices something, and no later version number is published already (409 naming the problem otherwise).",
        parameters: parameters(versionParams, "path"),
        requestBody: { required: false, content: json(reasonOnlyBody) },
        responses: { "200": versionResponse("the published version"), ...errors(400, 401, 403, 404, 409) },
      },
    },
    "/v1/admin/plans/{planId}/versions/{versionId}/archive": {
      post: {
        summary: "Archive a published version: no new subscriptions, current subscribers stay (operator)",
        description: `${OPERATOR} Existing subscribers are grandfathered until migrated.`,
        parameters: parameters(versionParams, "path"),
        requestBody: { required: false, content: json(reasonOnlyBody) },
        responses: { "200": versionResponse("the archived version"), ...errors(400, 401, 403, 404, 409) },
      },
    },
    "/v1/admin/plans/{planId}/versions/{versionId}/copy": {
      post: {
        summary: "Copy a version (pricing and rates) into a new draft: how a published price changes (operator)",
        description: OPERATOR,
        parameters: parameters(versionParams, "path"),
        requestBody: { required: false, content: json(copyVersionBody) },
        responses: { "201": versionResponse("the new draft"), ...errors(400, 401, 403, 404) },
      },
    },
  };
}
