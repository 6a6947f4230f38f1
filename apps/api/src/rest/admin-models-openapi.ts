import {
  addCostRatesBody,
  addCostRatesResponse,
  createModelBody,
  listModelsQuery,
  modelDetailBody,
  modelIdParams,
  modelsResponse,
  updateModelBody,
} from "./admin-models-schemas.ts";
import { errors, json, parameters } from "./openapi-helpers.ts";

/** OpenAPI entries of the model catalog admin endpoints (admin scope). */
export function adminModelsOpenApiPaths() {
  return {
    "/v1/admin/models": {
      get: {
        summary: "List catalog models with their current provider cost rates (admin scope)",
        parameters: parameters(listModelsQuery, "query"),
        responses: {
          "200": { description: "a page of models, by id", content: json(modelsResponse) },
          ...errors(400, 401, 403),
        },
      },
      post: {
        summary: "Add a model to the catalog (admin scope; audited)",
        description:
          "The id is <provider>/<name>. An exact alias already used by another model, or an existing id, is a 409.",
        requestBody: { required: true, content: json(createModelBody) },
        responses: {
          "201": { description: "the new model", content: json(modelDetailBody) },
          ...errors(400, 401, 403, 409),
        },
      },
    },
    "/v1/admin/models/{id}": {
      get: {
        summary: "One model with its current cost rates and their whole history (admin scope)",
        parameters: parameters(modelIdParams, "path"),
        responses: {
          "200": { description: "the model", content: json(modelDetailBody) },
          ...errors(400, 401, 403, 404),
        },
      },
      patch: {
        summary: "Change a model's display name and/or aliases (admin scope; audited)",
        description: "aliases replaces the whole list. An added exact alias used by another model is a 409.",
        parameters: parameters(modelIdParams, "path"),
        requestBody: { required: true, content: json(updateModelBody) },
        responses: {
          "200": { description: "the model after the change", content: json(modelDetailBody) },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    "/v1/admin/models/{id}/cost-rates": {
      post: {
        summary: "Add a dated provider cost-rate change (admin scope; audited)",
        description:
          "History is never rewritten: a rate at an existing (token type, effective_from) with another price is a " +
          "409 (the same price is a no-op, 200); a past effective_from is accepted only when it is later than " +
          "every existing rate of that type, else 409. Nothing is written when any type is refused.",
        parameters: parameters(modelIdParams, "path"),
        requestBody: { required: true, content: json(addCostRatesBody) },
        responses: {
          "201": { description: "rates added", content: json(addCostRatesResponse) },
          "200": {
            description: "the same rates already existed; nothing changed",
            content: json(addCostRatesResponse),
          },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
  };
}
