import { loadPricesInForce, type PricingInputs, type PricingNeeds } from "@tollgate/db";
import type { PoolClient } from "pg";
import type { CatalogSnapshot } from "./catalog-cache.ts";
import { prepared } from "./prepared-statement.ts";

export type { PricingInputs } from "@tollgate/db";

/**
 * The price in force for a job's tenants (loadPricesInForce, shared with ingest's reservation terms), their budgets
 * and credit, in one named statement on the job's connection; cost rates from the catalog held in memory.
 */
export async function loadPricingInputs(
  client: PoolClient,
  catalog: CatalogSnapshot,
  needs: ReadonlyMap<string, PricingNeeds>,
): Promise<PricingInputs> {
  return loadPricesInForce(
    async (name, text, values): Promise<unknown[]> =>
      (await client.query(prepared(name, text), values)).rows as unknown[],
    needs,
    catalog.costRates,
  );
}
