import type { PricesSyncResult, PricesSyncReview } from "@tollgate/use-cases/catalog";
import { TOKEN_TYPES } from "@tollgate/domain";
import { z } from "zod";

export const PRICES_SYNC_PATH = "/v1/admin/prices-sync";

const rateOutput = z.object({
  token_type: z.enum(TOKEN_TYPES),
  effective_from: z.string(),
  price_per_million: z.string().describe("exact decimal string, USD per 1,000,000 tokens"),
});

export const pricesSyncDiffOutput = z.object({
  source: z.string().describe('the bundled price data, "genai-prices <version>"'),
  now: z.string().describe("the instant the diff was computed for; pass it to apply, with the fingerprint"),
  fingerprint: z.string().describe("names exactly this diff; apply refuses (409) when the diff is no longer this"),
  new_models: z.array(
    z.object({
      id: z.string(),
      provider: z.string(),
      display_name: z.string(),
      aliases: z.array(z.string()),
      cost_rates: z.array(rateOutput).describe("its whole dated price history"),
    }),
  ),
  cost_rate_changes: z.array(
    z.object({
      model_id: z.string(),
      token_type: z.enum(TOKEN_TYPES),
      effective_from: z.string(),
      old_price: z.string().nullable().describe("the stored price this row supersedes; null when none was in force"),
      new_price: z.string(),
      basis: z.enum(["dataset", "now"]).describe("dataset: the data's own date; now: from the time of the sync"),
    }),
  ),
  alias_changes: z.array(z.object({ model_id: z.string(), before: z.array(z.string()), added: z.array(z.string()) })),
});

export const pricesSyncResultOutput = z.object({
  models_created: z.number().int(),
  cost_rates_created: z.number().int(),
  aliases_updated: z.number().int(),
  audit_entries: z.number().int(),
});

export function pricesSyncDiffJson({ diff, fingerprint }: PricesSyncReview): z.infer<typeof pricesSyncDiffOutput> {
  return {
    source: diff.source,
    now: diff.now.toISOString(),
    fingerprint,
    new_models: diff.newModels.map((model) => ({
      id: model.id,
      provider: model.provider,
      display_name: model.displayName,
      aliases: model.aliases,
      cost_rates: model.costRates.map((rate) => ({
        token_type: rate.tokenType,
        effective_from: rate.effectiveFrom.toISOString(),
        price_per_million: rate.pricePerMillion,
      })),
    })),
    cost_rate_changes: diff.costRateChanges.map((change) => ({
      model_id: change.modelId,
      token_type: change.tokenType,
      effective_from: change.effectiveFrom.toISOString(),
      old_price: change.oldPrice,
      new_price: change.newPrice,
      basis: change.basis,
    })),
    alias_changes: diff.aliasChanges.map((change) => ({
      model_id: change.modelId,
      before: change.before,
      added: change.added,
    })),
  };
}

export function pricesSyncResultJson(result: PricesSyncResult): z.infer<typeof pricesSyncResultOutput> {
  return {
    models_created: result.modelsCreated,
    cost_rates_created: result.costRatesCreated,
    aliases_updated: result.aliasesUpdated,
    audit_entries: result.auditEntries,
  };
}
