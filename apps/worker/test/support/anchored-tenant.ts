import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { parseUsageEvent, type PlanPricingInput, type QueuedUsageEvent } from "@tollgate/domain";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./run-usage-worker.ts";

/** The anchor tests' one model: input 10 and output 30 per 1M at base rates, tiered by the plan's pricing. */
export const ANCHOR_MODEL = "acme/opus";

/** A database with one tenant, its ingest key and a Pro plan since 2026-01-01, and the real usage worker. */
export interface AnchoredTenantFixture {
  pool: pg.Pool;
  db: Db;
  harness: UsageWorkerHarness;
  close: () => Promise<void>;
}

export async function startAnchoredTenant(tenant: {
  id: string;
  apiKeyId: string;
  slug: string;
  name: string;
  keyPrefix: string;
  pricing: PlanPricingInput;
}): Promise<AnchoredTenantFixture> {
  const database: TestDatabase = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const db = createDbClient(database.url, { maxConnections: 4 });
  const harness = startUsageWorkerHarness(pool);
  const versionId = randomUUID();
  const planId = randomUUID();
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', 'Opus', now())", [
    ANCHOR_MODEL,
  ]);
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)", [tenant.id, tenant.slug, tenant.name]);
  await pool.query(
    `INSERT INTO api_keys (id, tenant_id, name, prefix, secret_hash, scopes)
     VALUES ($1, $2, 'k', $3, 'x', '{ingest}')`,
    [tenant.apiKeyId, tenant.id, tenant.keyPrefix],
  );
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, 'pro', 'Pro')", [planId]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
     VALUES ($1, $2, 1, 'published', 'USD', '2026-01-01Z', now(), $3)`,
    [versionId, planId, JSON.stringify(tenant.pricing)],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $2, 'input', '', 10), ($1, $2, 'output', '', 30)`,
    [versionId, ANCHOR_MODEL],
  );
  await pool.query(
    "INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2026-01-01Z')",
    [randomUUID(), tenant.id, versionId],
  );
  return {
    pool,
    db,
    harness,
    close: async () => {
      await harness.close();
      await db.$disconnect();
      await pool.end();
      await database.drop();
    },
  };
}

/** An output-only event of the anchor model, received at `receivedAt`. */
export function anchorEvent(id: string, timestamp: string, outputTokens: number, receivedAt: string): QueuedUsageEvent {
  const parsed = parseUsageEvent(
    { id, model: ANCHOR_MODEL, timestamp, output_tokens: outputTokens },
    new Date(receivedAt),
  );
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}
