import { waitForUpdate, type Provider } from "@pydantic/genai-prices";
import { money, type Money, type TokenType } from "@tollgate/domain";
import { basePricePerMillion, currentModelPrice } from "./current-model-price.ts";

/** A model with its list price per 1,000,000 tokens (USD) for every token type Tollgate bills. */
export interface CatalogModel {
  /** `provider/model`, e.g. `openai/gpt-4.1`. */
  id: string;
  provider: string;
  displayName: string;
  listPrices: Record<TokenType, Money>;
}

/**
 * The models of @pydantic/genai-prices' bundled data (MIT) that have plain per-token input and output prices, at
 * their price in force at `at`. `waitForUpdate()` resolves to the bundled provider list as long as `updatePrices`
 * was never called, so this never touches the network.
 */
export async function loadPriceCatalog(at: Date): Promise<CatalogModel[]> {
  const providers = await waitForUpdate();
  if (!providers) throw new Error("@pydantic/genai-prices returned no bundled price data");
  return providers.flatMap((provider) => catalogModelsOf(provider, at));
}

function catalogModelsOf(provider: Provider, at: Date): CatalogModel[] {
  const models: CatalogModel[] = [];
  for (const model of provider.models) {
    const prices = currentModelPrice(model.prices, at);
    const input = basePricePerMillion(prices?.input_mtok);
    const output = basePricePerMillion(prices?.output_mtok);
    // Embeddings (no output price), audio-hour, per-page and per-request models cannot be billed per token type.
    if (!prices || input === undefined || output === undefined) continue;
    // A missing cache price means the provider bills those tokens as ordinary input (genai-prices prices them the
    // same way); reasoning tokens are output tokens unless the provider lists a separate price.
    const cacheRead = basePricePerMillion(prices.cache_read_mtok) ?? input;
    const cacheWrite = basePricePerMillion(prices.cache_write_mtok) ?? input;
    const reasoning = basePricePerMillion(prices.output_reasoning_mtok) ?? output;
    models.push({
      id: `${provider.id}/${model.id}`,
      provider: provider.id,
      displayName: model.name ?? model.id,
      listPrices: {
        input: money(input),
        cached_input: money(cacheRead),
        cache_write: money(cacheWrite),
        output: money(output),
        reasoning: money(reasoning),
      },
    });
  }
  return models;
}
