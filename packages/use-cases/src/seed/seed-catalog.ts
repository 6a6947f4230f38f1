import type { DbOrTx } from "@tollgate/db";
import type { CatalogModel } from "./price-catalog.ts";
import { seedCostRates } from "./seed-cost-rates.ts";
import { seedModels } from "./seed-models.ts";

/** The model catalog part of the seed: missing models (with aliases), then cost-rate history for unpriced types. */
export async function seedCatalog(
  db: DbOrTx,
  catalog: readonly CatalogModel[],
  source: string,
): Promise<{ modelsCreated: number; costRatesCreated: number }> {
  const modelsCreated = await seedModels(db, catalog);
  const costRatesCreated = await seedCostRates(db, catalog, source);
  return { modelsCreated, costRatesCreated };
}
