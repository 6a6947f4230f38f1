import type { DbOrTx } from "@tollgate/db";
import { priceDatasetSource } from "./dataset-source.ts";
import { loadPriceCatalog } from "./price-catalog.ts";
import { seedCatalog } from "./seed-catalog.ts";
import { seedPlans } from "./seed-plans.ts";

export interface SeedBaseDataOptions {
  /** Which dated list prices are current; defaults to now. */
  priceDate?: Date;
}

export interface BaseSeedSummary {
  models: number;
  modelsCreated: number;
  /** Provider cost-rate rows added to the catalog (model × token type × dated price). */
  costRatesCreated: number;
  /** Plan rate rows added. */
  ratesCreated: number;
  /** Plan code → id of its published version 1 (the demo accounts subscribe to them). */
  planVersionIds: ReadonlyMap<string, string>;
}

/**
 * What every start may seed: the genai-prices model catalog (aliases, dated cost rates) and the Free/Pro/Enterprise
 * plans. It holds no account, user or key, so it is safe in production. Idempotent.
 */
export async function seedBaseData(db: DbOrTx, options: SeedBaseDataOptions = {}): Promise<BaseSeedSummary> {
  const catalog = await loadPriceCatalog(options.priceDate ?? new Date());
  const { modelsCreated, costRatesCreated } = await seedCatalog(db, catalog, priceDatasetSource());
  const plans = await seedPlans(db, catalog);
  return {
    models: catalog.length,
    modelsCreated,
    costRatesCreated,
    ratesCreated: plans.ratesCreated,
    planVersionIds: plans.versionIds,
  };
}
