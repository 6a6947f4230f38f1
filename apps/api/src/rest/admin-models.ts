import { addCostRates, createModel, getModel, listModels, updateModel } from "@tollgate/use-cases/catalog";
import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import type { ApiDeps } from "../api-deps.ts";
import { requireOperatorKey } from "./authenticate-request.ts";
import {
  addCostRatesBody,
  addCostRatesResponse,
  createModelBody,
  decodeModelsCursor,
  encodeModelsCursor,
  historyRate,
  listModelsQuery,
  modelIdParams,
  modelsResponse,
  toModelBody,
  toModelDetailBody,
  updateModelBody,
} from "./admin-models-schemas.ts";
import { parseRequest } from "./parse-request.ts";
import { sweepAfterPriceChange } from "./request-rating-sweep.ts";

const MODELS_PATH = "/v1/admin/models";
const optionalDate = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

/**
 * Operator endpoints (operator keys only) for the model catalog: models, their aliases and provider cost rates. Every
 * change is audited with the operator's reason; the rules live in the catalog services of @tollgate/db. A model id
 * holds a slash, so it is URL-encoded in the path (openai%2Fgpt-4.1).
 */
export function registerAdminModels(app: FastifyInstance, deps: ApiDeps): void {
  app.get(MODELS_PATH, async (request) => {
    await requireOperatorKey(request, deps);
    const query = parseRequest(listModelsQuery, request.query, "query");
    const page = await listModels(deps.db, {
      provider: query.provider,
      search: query.search,
      limit: query.limit,
      after: query.cursor === undefined ? undefined : decodeModelsCursor(query.cursor),
    });
    const response: z.infer<typeof modelsResponse> = {
      models: page.models.map(toModelBody),
      next_cursor: page.nextAfter === null ? null : encodeModelsCursor(page.nextAfter),
    };
    return response;
  });

  app.get(`${MODELS_PATH}/:id`, async (request) => {
    await requireOperatorKey(request, deps);
    const params = parseRequest(modelIdParams, request.params, "path");
    return toModelDetailBody(await getModel(deps.db, params.id));
  });

  app.post(MODELS_PATH, async (request, reply) => {
    const principal = await requireOperatorKey(request, deps);
    const body = parseRequest(createModelBody, request.body, "body");
    const model = await createModel(
      deps.db,
      {
        id: body.id,
        provider: body.provider,
        displayName: body.display_name,
        aliases: body.aliases,
        costRates: body.cost_rates && {
          effectiveFrom: optionalDate(body.cost_rates.effective_from),
          rates: body.cost_rates.rates,
          source: body.cost_rates.source,
        },
      },
      { actor: principal, reason: body.reason },
    );
    // A new model (or alias) can make events sent under its name rateable, for every tenant.
    await sweepAfterPriceChange(deps, request.log);
    return reply.status(201).send(toModelDetailBody(model));
  });

  app.patch(`${MODELS_PATH}/:id`, async (request) => {
    const principal = await requireOperatorKey(request, deps);
    const params = parseRequest(modelIdParams, request.params, "path");
    const body = parseRequest(updateModelBody, request.body, "body");
    const model = await updateModel(
      deps.db,
      params.id,
      { displayName: body.display_name, aliases: body.aliases },
      { actor: principal, reason: body.reason },
    );
    if (body.aliases !== undefined) await sweepAfterPriceChange(deps, request.log);
    return toModelDetailBody(model);
  });

  app.post(`${MODELS_PATH}/:id/cost-rates`, async (request, reply) => {
    const principal = await requireOperatorKey(request, deps);
    const params = parseRequest(modelIdParams, request.params, "path");
    const body = parseRequest(addCostRatesBody, request.body, "body");
    const result = await addCostRates(
      deps.db,
      params.id,
      { effectiveFrom: optionalDate(body.effective_from), rates: body.rates, source: body.source },
      { actor: principal, reason: body.reason },
    );
    if (result.created.length > 0) await sweepAfterPriceChange(deps, request.log);
    const response: z.infer<typeof addCostRatesResponse> = {
      model: toModelDetailBody(result.model),
      created: result.created.map(historyRate),
    };
    return reply.status(result.created.length > 0 ? 201 : 200).send(response);
  });
}
