export { DEMO_OPERATOR_EMAIL, DEMO_PASSWORD, DEMO_TENANTS, demoAdminEmail } from "./demo-accounts.ts";
export { readDemoKeysFile, type DemoKeysFile } from "./demo-keys-file.ts";
export { DEMO_PLANS } from "./demo-plans.ts";
export { loadPriceCatalog, type CatalogModel } from "./price-catalog.ts";
export { DEFAULT_DEMO_KEYS_FILE, seedDemoData, type SeedDemoDataOptions, type SeedSummary } from "./seed-demo-data.ts";
