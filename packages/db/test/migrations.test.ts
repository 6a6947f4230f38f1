import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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
      // A tenant key never holds `admin`; an operator key (no tenant) always does.
      const insertKey = (prefix: string, tenant: string | null | undefined, scopes: string) =>
        client.query(
          `INSERT INTO api_keys (id, tenant_id, name, prefix, secret_hash, scopes)
           VALUES (gen_random_uuid(), $1, 'k', $2, 'h', $3::api_key_scope[])`,
          [tenant, prefix, scopes],
        );
      await expect(insertKey("tg_bad1", tenantId, "{ingest,read,admin}")).rejects.toThrow(
        /api_keys_operator_xor_tenant_check/,
      );
      await expect(insertKey("tg_bad2", null, "{read}")).rejects.toThrow(/api_keys_operator_xor_tenant_check/);
      await expect(insertKey("tg_bad3", null, "{}")).rejects.toThrow(/api_keys_operator_xor_tenant_check/);
      await expect(insertKey("tg_bad4", null, null as unknown as string)).rejects.toThrow(
        /api_keys_operator_xor_tenant_check/,
      );
      await insertKey("tg_ok1", tenantId, "{ingest,read}");
      await insertKey("tg_ok2", null, "{admin}");
    } finally {
      await client.end();
    }
  });

  it("strip `admin` from existing tenant keys and drop tenant-less keys without it (operator_keys_explicit)", async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      // The keys an older database may hold, written as they were before the constraint.
      await client.query("ALTER TABLE api_keys DROP CONSTRAINT api_keys_operator_xor_tenant_check");
      await client.query("DELETE FROM api_keys");
      const tenant = await client.query<{ id: string }>(
        "INSERT INTO tenants (id, slug, name) VALUES (gen_random_uuid(), 'legacy', 'L') RETURNING id",
      );
      await client.query(
        `INSERT INTO api_keys (id, tenant_id, name, prefix, secret_hash, scopes) VALUES
           (gen_random_uuid(), $1, 'k', 'tg_tadmin', 'h', '{admin,read}'),
           (gen_random_uuid(), $1, 'k', 'tg_tonly', 'h', '{admin}'),
           (gen_random_uuid(), $1, 'k', 'tg_tread', 'h', '{ingest,read}'),
           (gen_random_uuid(), NULL, 'k', 'tg_ops', 'h', '{admin}'),
           (gen_random_uuid(), NULL, 'k', 'tg_nothing', 'h', '{read}'),
           (gen_random_uuid(), NULL, 'k', 'tg_null', 'h', NULL)`,
        [tenant.rows[0]?.id],
      );
      const sql = readFileSync(join(MIGRATIONS_DIR, "20261206100000_operator_keys_explicit", "migration.sql"), "utf8");
      await client.query(sql);
      const keys = await client.query<{ prefix: string; scopes: string }>(
        "SELECT prefix, scopes::text AS scopes FROM api_keys ORDER BY prefix",
      );
      expect(keys.rows).toEqual([
        { prefix: "tg_ops", scopes: "{admin}" },
        { prefix: "tg_tadmin", scopes: "{read}" },
        { prefix: "tg_tonly", scopes: "{}" },
        { prefix: "tg_tread", scopes: "{ingest,read}" },
      ]);
    } finally {
      await client.end();
    }
  });
});
