import { fileURLToPath } from "node:url";
import type { Db } from "@tollgate/db";
import { readDemoKeysFile, writeDemoKeysFile } from "./demo-keys-file.ts";
import { seedAccounts } from "./seed-accounts.ts";
import { seedApiKeys } from "./seed-api-keys.ts";
import { seedBaseData, type BaseSeedSummary, type SeedBaseDataOptions } from "./seed-base-data.ts";

/** `<repo>/.data/demo-keys.json`, where `npm start` and `npm run demo:traffic` look for the demo keys. */
export const DEFAULT_DEMO_KEYS_FILE = fileURLToPath(new URL("../../../../.data/demo-keys.json", import.meta.url));

export interface SeedDemoDataOptions extends SeedBaseDataOptions {
  keysFile?: string;
}

export interface SeedSummary extends BaseSeedSummary {
  tenants: number;
  usersCreated: number;
  keys: "created" | "kept";
  keysFile: string;
}

/**
 * Demo data, only when a demo is asked for (`npm run seed -- --demo`, `npm start -- --demo`, TOLLGATE_DEMO=true):
 * the base data, then an operator, three tenants with admins and subscriptions, all with the known demo password,
 * and API keys whose secrets go to the keys file. Idempotent: a second run finds every row by its unique key and
 * creates nothing.
 */
export async function seedDemoData(db: Db, options: SeedDemoDataOptions = {}): Promise<SeedSummary> {
  const keysFile = options.keysFile ?? DEFAULT_DEMO_KEYS_FILE;
  const base = await seedBaseData(db, options);
  const accounts = await seedAccounts(db, base.planVersionIds);
  const keys = await seedApiKeys(db, readDemoKeysFile(keysFile), accounts.tenants);
  if (keys.status === "created") writeDemoKeysFile(keysFile, keys.keys);
  return {
    ...base,
    tenants: accounts.tenants.length,
    usersCreated: accounts.usersCreated,
    keys: keys.status,
    keysFile,
  };
}
