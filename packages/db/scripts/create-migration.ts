// npm run db:migration -- <name> — writes prisma/migrations/<timestamp>_<name>/migration.sql from the difference
// between the migration history and schema.prisma (computed on a throw-away shadow database).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffMigrationsToSchema, LOCKFILE_CONTENT, MIGRATIONS_DIR } from "../src/migrations/index.ts";
import { DATABASE_URL } from "./database-url.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (lower-case letters, digits and underscores)");
  process.exit(2);
}

const sql = await diffMigrationsToSchema(DATABASE_URL);
if (sql === "") {
  console.log("schema and migrations agree; nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "migration.sql"), sql);
const lockfile = join(MIGRATIONS_DIR, "migration_lock.toml");
if (!existsSync(lockfile)) writeFileSync(lockfile, LOCKFILE_CONTENT);
console.log(`wrote ${dir}/migration.sql`);
// The wasm engine leaves a 10 s runtime timer behind; nothing is pending once we get here.
process.exit(0);
