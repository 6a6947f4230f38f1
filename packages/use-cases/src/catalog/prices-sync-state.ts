import type { TokenType } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { decimalText } from "../shared/change-context.ts";

export interface StoredCostRate {
  tokenType: TokenType;
  effectiveFrom: Date;
  pricePerMillion: string;
}

export interface StoredCatalogModel {
  aliases: string[];
  /** Oldest first. */
  costRates: StoredCostRate[];
}

/** What prices:sync compares the dataset with: every model's aliases and cost rates, by model id. */
export type StoredCatalog = Map<string, StoredCatalogModel>;

export async function loadStoredCatalog(db: DbOrTx): Promise<StoredCatalog> {
  const models = await db.model.findMany({ select: { id: true, aliases: true } });
  const rates = await db.modelCostRate.findMany({
    select: { modelId: true, tokenType: true, effectiveFrom: true, pricePerMillion: true },
    orderBy: [{ modelId: "asc" }, { effectiveFrom: "asc" }],
  });
  const catalog: StoredCatalog = new Map(models.map((model) => [model.id, { aliases: model.aliases, costRates: [] }]));
  for (const rate of rates) {
    catalog.get(rate.modelId)?.costRates.push({
      tokenType: rate.tokenType,
      effectiveFrom: rate.effectiveFrom,
      pricePerMillion: decimalText(rate.pricePerMillion),
    });
  }
  return catalog;
}
