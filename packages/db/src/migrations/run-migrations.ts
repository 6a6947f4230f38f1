import { readFileSync } from "node:fs";
import { ensureDatabase } from "./database-url.ts";
import { readMigrationsList } from "./migrations-list.ts";
import { MIGRATIONS_DIR, SCHEMA_PATH } from "./paths.ts";
import { openSchemaEngine } from "./schema-engine.ts";

const NO_FILTERS = { externalTables: [], externalEnums: [] };

export interface MigrationOptions {
  migrationsDir?: string;
  schemaPath?: string;
  log?: (line: string) => void;
}

/**
 * Applies pending migrations like `prisma migrate deploy` (same `_prisma_migrations` bookkeeping, so the two stay
 * interchangeable), creating the database first if needed. Returns the names applied now.
 */
export async function applyMigrations(databaseUrl: string, options: MigrationOptions = {}): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const session = await openSchemaEngine(databaseUrl, options.schemaPath ?? SCHEMA_PATH, options.log);
  try {
    const result = await session.engine.applyMigrations({
      migrationsList: readMigrationsList(options.migrationsDir ?? MIGRATIONS_DIR),
      filters: NO_FILTERS,
    });
    return result.appliedMigrationNames;
  } finally {
    await session.close();
  }
}

/**
 * The SQL that would bring a database built from the migrations to what schema.prisma describes; '' when they agree.
 * Uses a throw-away shadow database on the server of `databaseUrl`.
 */
export async function diffMigrationsToSchema(databaseUrl: string, options: MigrationOptions = {}): Promise<string> {
  const schemaPath = options.schemaPath ?? SCHEMA_PATH;
  await ensureDatabase(databaseUrl);
  const session = await openSchemaEngine(databaseUrl, schemaPath, options.log);
  try {
    const result = await session.engine.diff({
      from: { tag: "migrations", ...readMigrationsList(options.migrationsDir ?? MIGRATIONS_DIR) },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: readFileSync(schemaPath, "utf8") }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return normalizeDiff(result.stdout ?? "");
  } finally {
    await session.close();
  }
}

/** The engine prints a comment for an empty diff; treat anything without SQL as empty. */
function normalizeDiff(script: string): string {
  const meaningful = script
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.trim().startsWith("--"))
    .join("\n");
  return meaningful === "" ? "" : script.trim() + "\n";
}
