import { waitForUpdate, type Provider } from "@pydantic/genai-prices";
import { money, TOKEN_TYPES, type Money, type TokenType } from "@tollgate/domain";
import { currentModelPrice } from "./current-model-price.ts";
import { longContextPrice, type LongContextPrice } from "./long-context-price.ts";
import { catalogAliases } from "./match-aliases.ts";
import { priceHistory, tokenTypePrices } from "./price-history.ts";

/** One dated price of a catalog model: per-million decimal strings per token type, in force from effectiveFrom. */
export interface CatalogPricePeriod {
  effectiveFrom: Date;
  prices: Record<TokenType, string>;
}

/** A model with its list price per 1,000,000 tokens (USD) for every token type Tollgate bills. */
export interface CatalogModel {
  /** `provider/model`, e.g. `openai/gpt-4.1`. */
  id: string;
  provider: string;
  displayName: string;
  /** Name patterns events may use for it (see catalogAliases). */
  aliases: string[];
  /** The price in force at the `at` the catalog was loaded for. */
  listPrices: Record<TokenType, Money>;
  /** Every dated price the dataset has that is expressible per token, oldest first (cost-rate rows). */
  priceHistory: CatalogPricePeriod[];
  /** The list price above a prompt size, when the price in force at `at` is tiered (plan long_context rules). */
  longContext: LongContextPrice | undefined;
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
    const entry = currentModelPrice(model.prices, at);
    const current = tokenTypePrices(entry);
    // Embeddings (no output price), audio-hour, per-page and per-request models cannot be billed per token type.
    if (!current) continue;
    const history: CatalogPricePeriod[] = [];
    for (const period of priceHistory(model.prices)) {
      const prices = tokenTypePrices(period.prices);
      if (prices) history.push({ effectiveFrom: period.effectiveFrom, prices });
    }
    models.push({
      id: `${provider.id}/${model.id}`,
      provider: provider.id,
      displayName: model.name ?? model.id,
      aliases: catalogAliases(provider, model),
      listPrices: Object.fromEntries(TOKEN_TYPES.map((type) => [type, money(current[type])])) as Record<
        TokenType,
        Money
      >,
      priceHistory: history,
      longContext: longContextPrice(entry),
    });
  }
  return models;
}
