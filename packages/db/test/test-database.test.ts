import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, dropDatabase, withDatabase } from "../src/migrations/index.ts";
import { createMigratedDatabase, templateNameFor } from "../src/testing/migrated-template.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

const SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function dropTemplate(name: string): Promise<void> {
  await query(SERVER_URL, `ALTER DATABASE "${name}" WITH IS_TEMPLATE false`);
  await dropDatabase(withDatabase(SERVER_URL, name));
}

async function testDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  return database;
}

describe("createTestDatabase", () => {
  it("gives each caller its own fully migrated database", async () => {
    const [first, second] = await Promise.all([testDatabase(), testDatabase()]);
    expect(first.name).not.toBe(second.name);
    // Copied from the template, yet nothing is left to apply and the bookkeeping is prisma migrate deploy's.
    expect(await applyMigrations(first.url)).toEqual([]);
    await query(first.url, "INSERT INTO tenants (id, slug, name) VALUES (gen_random_uuid(), 'only-first', 'F')");
    expect(await query(first.url, "SELECT slug FROM tenants")).toEqual([{ slug: "only-first" }]);
    expect(await query(second.url, "SELECT slug FROM tenants")).toEqual([]);
  });

  it("builds a new template when a migration's SQL changes", async () => {
    const migrationsDir = mkdtempSync(join(tmpdir(), "tollgate-migrations-"));
    cleanups.push(() => {
      rmSync(migrationsDir, { recursive: true, force: true });
      return Promise.resolve();
    });
    const writeMigration = (sql: string) => {
      mkdirSync(join(migrationsDir, "20260101000000_probe"), { recursive: true });
      writeFileSync(join(migrationsDir, "20260101000000_probe", "migration.sql"), sql);
    };
    const copy = async (tag: string) => {
      const name = `tollgate_test_tpl_${tag}_${Date.now().toString(36)}`;
      await createMigratedDatabase(SERVER_URL, name, migrationsDir);
      const template = templateNameFor(migrationsDir);
      // The probe templates are this test's own: drop them so they never push real ones out of the kept few.
      cleanups.push(() => dropTemplate(template));
      const url = withDatabase(SERVER_URL, name);
      cleanups.push(() => dropDatabase(url));
      return query<{ table_name: string }>(
        url,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'probe%'",
      );
    };
    writeMigration(`CREATE TABLE probe_a_${Date.now().toString(36)} (id int);`);
    const before = await copy("a");
    expect(before).toHaveLength(1);
    writeMigration(`CREATE TABLE probe_b_${Date.now().toString(36)} (id int);`);
    const after = await copy("b");
    expect(after).toHaveLength(1);
    expect(after[0]?.table_name).toMatch(/^probe_b_/);
  });
});
