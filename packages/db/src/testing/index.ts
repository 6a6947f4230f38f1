export { createTestDatabase, type TestDatabase } from "./test-database.ts";
export { rebuildDailyRollups } from "./daily-rollups.ts";
