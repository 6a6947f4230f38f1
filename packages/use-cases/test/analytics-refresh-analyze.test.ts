import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { refreshAnalyticsRollups } from "@tollgate/use-cases/analytics";

/** A refresh that rewrites 10,000 tenant weeks (a first one over many tenants) analyzes what it wrote at once. */
let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  await db.$executeRaw`
    INSERT INTO tenants (id, slug, name)
    SELECT gen_random_uuid(), 'analyze-' || n, 'Tenant ' || n FROM generate_series(1, 10000) n`;
  await db.$executeRaw`
    INSERT INTO usage_rollups_daily (tenant_id, day, model_id, agent, event_count, input_tokens, amount, cost)
    SELECT id, '2026-11-30T00:00:00Z'::timestamptz, 'a/m1', '', 1, 10, 0.01, 0.005 FROM tenants`;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const estimatedRows = async () =>
  (
    await db.$queryRaw<{ n: number }[]>`
      SELECT reltuples::int AS n FROM pg_class WHERE relname = 'usage_rollups_tenant_weekly'`
  )[0]?.n;

describe("refreshAnalyticsRollups", () => {
  it("analyzes the analytics tables after rewriting 10,000 tenant weeks", async () => {
    // Never analyzed: the planner would guess the table's size.
    expect(await estimatedRows()).toBe(-1);
    const result = await refreshAnalyticsRollups(db);
    expect(result.tenantWeeks).toBe(10_000);
    expect(await estimatedRows()).toBe(10_000);
  });
});
