import { readdirSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, diffMigrationsToSchema, MIGRATIONS_DIR } from "../src/migrations/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});

afterAll(async () => {
  await database.drop();
});

const migrationNames = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("migrations", () => {
  it("apply to an empty database and are recorded like prisma migrate deploy", async () => {
    expect(await applyMigrations(database.url)).toEqual(migrationNames);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const rows = await client.query<{
        migration_name: string;
        finished_at: Date | null;
        rolled_back_at: Date | null;
      }>("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name");
      expect(rows.rows.map((row) => row.migration_name)).toEqual(migrationNames);
      expect(rows.rows.every((row) => row.finished_at !== null && row.rolled_back_at === null)).toBe(true);
    } finally {
      await client.end();
    }
  });

  it("apply nothing the second time", async () => {
    expect(await applyMigrations(database.url)).toEqual([]);
  });

  it("produce exactly what schema.prisma describes (the engine's diff is empty)", async () => {
    expect(await diffMigrationsToSchema(database.url)).toBe("");
  });

  it("enforce the hand-written constraints", async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const tenant = await client.query<{ id: string }>(
        "INSERT INTO tenants (id, slug, name) VALUES (gen_random_uuid(), 'c', 'C') RETURNING id",
      );
      const tenantId = tenant.rows[0]?.id;
      await expect(
        client.query(
          "INSERT INTO users (id, email, name, password_hash, role, tenant_id) VALUES (gen_random_uuid(), 'o@x', 'O', 'h', 'operator', $1)",
          [tenantId],
        ),
      ).rejects.toThrow(/users_role_tenant_check/);
      await expect(
        client.query(
          "INSERT INTO users (id, email, name, password_hash, role) VALUES (gen_random_uuid(), 't@x', 'T', 'h', 'tenant_admin')",
        ),
      ).rejects.toThrow(/users_role_tenant_check/);
      await expect(
        client.query(
          `INSERT INTO usage_events (tenant_id, event_id, occurred_at, received_at, model_id, input_tokens, rating_status)
           VALUES ($1, 'e', now(), now(), 'm', -1, 'unrated')`,
          [tenantId],
        ),
      ).rejects.toThrow(/usage_events_tokens_check/);
    } finally {
      await client.end();
    }
  });
});
