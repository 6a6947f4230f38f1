export { ensureDatabase, dropDatabase, databaseNameOf, withDatabase, redactUrl } from "./database-url.ts";
export { applyMigrations, diffMigrationsToSchema, type MigrationOptions } from "./run-migrations.ts";
export { LOCKFILE_CONTENT } from "./migrations-list.ts";
export { MIGRATIONS_DIR, SCHEMA_PATH } from "./paths.ts";
