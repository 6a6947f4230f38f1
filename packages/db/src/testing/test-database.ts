import { randomBytes } from "node:crypto";
import { dropDatabase, ensureDatabase, withDatabase } from "../migrations/index.ts";
import { createMigratedDatabase } from "./migrated-template.ts";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

// Tests may point at another server with DATABASE_URL; only its host/credentials are used, never its database.
// eslint-disable-next-line no-restricted-properties -- test tooling, not an app
const SERVER_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * A throw-away database with a unique name (safe for parallel test workers), migrated unless told otherwise: a copy
 * of a template database the migrations were applied to (see migrated-template.ts).
 * Call drop() when done; stale ones (from killed runs) share the `tollgate_test_` prefix.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `tollgate_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(SERVER_URL, name);
  if (options.migrate ?? true) await createMigratedDatabase(SERVER_URL, name);
  else await ensureDatabase(url);
  return { url, name, drop: () => dropDatabase(url) };
}
