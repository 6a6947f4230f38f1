export { DEMO_OPERATOR_EMAIL, DEMO_PASSWORD, DEMO_TENANTS, DEMO_VIEWER, demoAdminEmail } from "./demo-accounts.ts";
export { readDemoKeysFile, type DemoKeysFile } from "./demo-keys-file.ts";
export { DEMO_PLANS } from "./demo-plans.ts";
export { priceDatasetSource } from "./dataset-source.ts";
export { loadPriceCatalog, type CatalogModel, type CatalogPricePeriod } from "./price-catalog.ts";
export { UNDATED_PRICE_FROM } from "./price-history.ts";
export { seedCatalog } from "./seed-catalog.ts";
export { seedBaseData, type BaseSeedSummary, type SeedBaseDataOptions } from "./seed-base-data.ts";
export { DEFAULT_DEMO_KEYS_FILE, seedDemoData, type SeedDemoDataOptions, type SeedSummary } from "./seed-demo-data.ts";
