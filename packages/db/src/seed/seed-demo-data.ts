import { fileURLToPath } from "node:url";
import type { Db } from "../client.ts";
import { readDemoKeysFile, writeDemoKeysFile } from "./demo-keys-file.ts";
import { priceDatasetSource } from "./dataset-source.ts";
import { loadPriceCatalog } from "./price-catalog.ts";
import { seedAccounts } from "./seed-accounts.ts";
import { seedApiKeys } from "./seed-api-keys.ts";
import { seedCatalog } from "./seed-catalog.ts";
import { seedPlans } from "./seed-plans.ts";

/** `<repo>/.data/demo-keys.json`, where `npm start` and `npm run demo:traffic` look for the demo keys. */
export const DEFAULT_DEMO_KEYS_FILE = fileURLToPath(new URL("../../../../.data/demo-keys.json", import.meta.url));

export interface SeedDemoDataOptions {
  keysFile?: string;
  /** Which dated list prices are current; defaults to now. */
  priceDate?: Date;
}

export interface SeedSummary {
  models: number;
  modelsCreated: number;
  /** Provider cost-rate rows added to the catalog (model × token type × dated price). */
  costRatesCreated: number;
  /** Plan rate rows added. */
  ratesCreated: number;
  tenants: number;
  usersCreated: number;
  keys: "created" | "kept";
  keysFile: string;
}

/**
 * Demo data for `npm start`: the genai-prices model catalog (aliases, dated cost rates), Free/Pro/Enterprise plans, an operator, three tenants
 * with admins and subscriptions, and API keys whose secrets go to the keys file. Idempotent: a second run finds
 * every row by its unique key and creates nothing.
 */
export async function seedDemoData(db: Db, options: SeedDemoDataOptions = {}): Promise<SeedSummary> {
  const keysFile = options.keysFile ?? DEFAULT_DEMO_KEYS_FILE;
  const catalog = await loadPriceCatalog(options.priceDate ?? new Date());
  const { modelsCreated, costRatesCreated } = await seedCatalog(db, catalog, priceDatasetSource());
  const plans = await seedPlans(db, catalog);
  const accounts = await seedAccounts(db, plans.versionIds);
  const keys = await seedApiKeys(db, readDemoKeysFile(keysFile), accounts.tenants);
  if (keys.status === "created") writeDemoKeysFile(keysFile, keys.keys);
  return {
    models: catalog.length,
    modelsCreated,
    costRatesCreated,
    ratesCreated: plans.ratesCreated,
    tenants: accounts.tenants.length,
    usersCreated: accounts.usersCreated,
    keys: keys.status,
    keysFile,
  };
}
