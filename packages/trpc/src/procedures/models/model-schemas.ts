import { MAX_MODELS_PAGE, type CostRateView, type ModelDetailView, type ModelView } from "@tollgate/use-cases/catalog";
import {
  AppError,
  catalogModelIdSchema,
  catalogProviderSchema,
  changeReasonSchema,
  costRateSourceSchema,
  costRatesInputSchema,
  MAX_MODEL_ALIASES,
  modelDisplayNameSchema,
  modelPatternSchema,
  storedText,
  TOKEN_TYPES,
} from "@tollgate/domain";
import { z } from "zod";
import { rfc3339 } from "../admin-fields.ts";

export const MODELS_PATH = "/v1/admin/models";
export const MODEL_PATH = `${MODELS_PATH}/{id}`;

export const modelIdParam = catalogModelIdSchema.describe(
  'the model id, URL-encoded: "openai/gpt-4.1" is openai%2Fgpt-4.1',
);

export const listModelsFields = {
  provider: catalogProviderSchema.optional().describe("only this provider's models"),
  search: storedText(200)
    .min(1)
    .optional()
    .describe("case-insensitive part of the id or display name, or an exact alias"),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${MAX_MODELS_PAGE}`)
    .transform(Number)
    .pipe(z.number().min(1, "must be at least 1").max(MAX_MODELS_PAGE, `must be at most ${MAX_MODELS_PAGE}`))
    .optional()
    .describe(`page size, default 100, at most ${MAX_MODELS_PAGE}`),
  cursor: storedText(400).min(1).optional().describe("next_cursor of the previous page, unchanged"),
};

const aliases = z
  .array(modelPatternSchema)
  .max(MAX_MODEL_ALIASES)
  .describe('exact names or globs where * matches any run of characters ("claude-opus-4*"); most specific wins');
const reason = changeReasonSchema.describe("why; required, recorded in the audit log");
const effectiveFrom = rfc3339.describe(
  "when the rates take effect; default now. A past instant is accepted only after every existing rate of the type",
);

const costRateChange = {
  effective_from: effectiveFrom.optional(),
  rates: costRatesInputSchema.describe(
    'price per 1,000,000 tokens (USD) by token type, decimal strings, e.g. {"input": "2.5", "output": "10"}',
  ),
  source: costRateSourceSchema.optional().describe('where the price comes from; default "operator"'),
};

export const createModelFields = {
  id: catalogModelIdSchema.describe('"<provider>/<model name>"'),
  provider: catalogProviderSchema,
  display_name: modelDisplayNameSchema,
  aliases: aliases.optional(),
  cost_rates: z.strictObject(costRateChange).optional().describe("its first cost rates (any effective_from)"),
  reason,
};

// "give display_name and/or aliases" is checked by updateModel itself (a refinement would stop REST from
// validating the path and the body apart).
export const updateModelFields = {
  display_name: modelDisplayNameSchema.optional(),
  aliases: aliases.optional(),
  reason,
};

export const addCostRatesFields = { ...costRateChange, reason };

const costRateOutput = z.object({
  price_per_million: z.string().describe("exact decimal string, USD per 1,000,000 tokens"),
  effective_from: z.string(),
  source: z.string(),
});
const historyRateOutput = costRateOutput.extend({ token_type: z.enum(TOKEN_TYPES) });

export const modelOutput = z.object({
  id: z.string(),
  provider: z.string(),
  display_name: z.string(),
  aliases: z.array(z.string()),
  cost_rates: z
    .partialRecord(z.enum(TOKEN_TYPES), costRateOutput)
    .describe("the rate in force now per token type; a type without one is absent"),
  created_at: z.string(),
  updated_at: z.string(),
});
export const modelDetailOutput = modelOutput.extend({
  cost_rate_history: z.array(historyRateOutput).describe("every rate, past and scheduled, by token type then date"),
});
export const modelsOutput = z.object({
  models: z.array(modelOutput),
  next_cursor: z.string().nullable().describe("pass as cursor for the next page; null on the last page"),
});
export const addCostRatesOutput = z.object({
  model: modelDetailOutput,
  created: z.array(historyRateOutput).describe("rows written; empty when the same rates already existed (a retry)"),
});

function rateBody(rate: CostRateView): z.infer<typeof costRateOutput> {
  return {
    price_per_million: rate.pricePerMillion,
    effective_from: rate.effectiveFrom.toISOString(),
    source: rate.source,
  };
}

export function historyRate(rate: CostRateView): z.infer<typeof historyRateOutput> {
  return { token_type: rate.tokenType, ...rateBody(rate) };
}

export function toModelBody(model: ModelView): z.infer<typeof modelOutput> {
  const costRates: z.infer<typeof modelOutput>["cost_rates"] = {};
  for (const type of TOKEN_TYPES) {
    const rate = model.costRates[type];
    if (rate) costRates[type] = rateBody(rate);
  }
  return {
    id: model.id,
    provider: model.provider,
    display_name: model.displayName,
    aliases: model.aliases,
    cost_rates: costRates,
    created_at: model.createdAt.toISOString(),
    updated_at: model.updatedAt.toISOString(),
  };
}

export function toModelDetailBody(model: ModelDetailView): z.infer<typeof modelDetailOutput> {
  return { ...toModelBody(model), cost_rate_history: model.costRateHistory.map(historyRate) };
}

/** Page cursors are the last id, opaque to clients. */
export function encodeModelsCursor(lastId: string): string {
  return Buffer.from(lastId, "utf8").toString("base64url");
}

export function decodeModelsCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!catalogModelIdSchema.safeParse(id).success || encodeModelsCursor(id) !== cursor) {
    throw new AppError("bad_request", "cursor: invalid; pass next_cursor unchanged");
  }
  return id;
}
