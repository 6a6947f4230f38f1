import { TOKEN_TYPES } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import type { CatalogModel } from "./price-catalog.ts";

export interface CostRateRow {
  modelId: string;
  tokenType: string;
  effectiveFrom: Date;
  /** Decimal string per 1,000,000 tokens. */
  price: string;
}

/** Every dated price of the catalog as cost-rate rows (one per model, token type and period). */
export function catalogCostRateRows(catalog: readonly CatalogModel[]): CostRateRow[] {
  return catalog.flatMap((model) =>
    model.priceHistory.flatMap((period) =>
      TOKEN_TYPES.map((tokenType) => ({
        modelId: model.id,
        tokenType,
        effectiveFrom: period.effectiveFrom,
        price: period.prices[tokenType],
      })),
    ),
  );
}

/**
 * Inserts `rows` in one `unnest` statement, sent as text and cast to NUMERIC (no float touches a price). With
 * `onlyUnpricedTypes`, a (model, token type) that already has any cost rate gets none of its rows: the seed gives a
 * model its history once and never splices rows into an existing one (`npm run prices:sync` handles changes).
 * Returns how many rows were inserted.
 */
export async function insertCostRates(
  db: DbOrTx,
  rows: readonly CostRateRow[],
  source: string,
  options: { onlyUnpricedTypes: boolean },
): Promise<number> {
  if (rows.length === 0) return 0;
  return db.$executeRaw`
    INSERT INTO model_cost_rates (model_id, token_type, effective_from, price_per_million, source)
    SELECT r.model_id, r.token_type::token_type, r.effective_from, r.price::numeric, ${source}
      FROM unnest(${rows.map((row) => row.modelId)}::text[],
                  ${rows.map((row) => row.tokenType)}::text[],
                  ${rows.map((row) => row.effectiveFrom.toISOString())}::timestamptz[],
                  ${rows.map((row) => row.price)}::text[]) AS r(model_id, token_type, effective_from, price)
     WHERE NOT ${options.onlyUnpricedTypes}
        OR NOT EXISTS (SELECT 1 FROM model_cost_rates c
                        WHERE c.model_id = r.model_id AND c.token_type = r.token_type::token_type)`;
}

/** The seed's cost rates: each catalog model's full price history, for token types that have no rate yet. */
export async function seedCostRates(db: DbOrTx, catalog: readonly CatalogModel[], source: string): Promise<number> {
  return insertCostRates(db, catalogCostRateRows(catalog), source, { onlyUnpricedTypes: true });
}
