import { listModels } from "@tollgate/use-cases/catalog";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import {
  decodeModelsCursor,
  encodeModelsCursor,
  listModelsFields,
  MODELS_PATH,
  modelsOutput,
  toModelBody,
} from "./model-schemas.ts";

/** Catalog models with their current provider cost rates, a page at a time (operator). */
export const listModelsOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: MODELS_PATH,
      summary: "List catalog models with their current provider cost rates (admin scope)",
      responseDescription: "a page of models, by id",
      errors: [400, 401, 403],
    },
  })
  .input(z.strictObject(listModelsFields))
  .output(modelsOutput)
  .query(async ({ ctx, input }) => {
    const page = await listModels(ctx.db, {
      provider: input.provider,
      search: input.search,
      limit: input.limit,
      after: input.cursor === undefined ? undefined : decodeModelsCursor(input.cursor),
    });
    return {
      models: page.models.map(toModelBody),
      next_cursor: page.nextAfter === null ? null : encodeModelsCursor(page.nextAfter),
    };
  });
