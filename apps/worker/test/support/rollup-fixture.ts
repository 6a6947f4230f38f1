import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { parseUsageEvent, type QueuedUsageEvent } from "@tollgate/domain";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { refreshAnalyticsRollups } from "@tollgate/use-cases/analytics";
import { startRatingSweepHarness, type RatingSweepHarness } from "./run-rating-sweep-worker.ts";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./run-usage-worker.ts";

/** The priced model of the fixture's plan; `newco/*` models are unpriced until a test adds them. */
export const KNOWN_MODEL = "acme/known";

/** A database with one subscribed tenant, the real usage worker and rating sweep: the rollup tests' ground. */
export interface RollupFixture {
  pool: pg.Pool;
  db: Db;
  usage: UsageWorkerHarness;
  sweeps: RatingSweepHarness;
  close: () => Promise<void>;
}

export async function startRollupFixture(tenant: { id: string; slug: string; name: string }): Promise<RollupFixture> {
  const database: TestDatabase = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 6 });
  const db = createDbClient(database.url, { maxConnections: 2 });
  const usage = startUsageWorkerHarness(pool);
  const sweeps = startRatingSweepHarness(pool, 1);
  await sweeps.ready;
  const versionId = randomUUID();
  const planId = randomUUID();
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', 'Known', now())", [
    KNOWN_MODEL,
  ]);
  await pool.query("INSERT INTO tenants (id, slug, name, created_at) VALUES ($1, $2, $3, '2026-11-01Z')", [
    tenant.id,
    tenant.slug,
    tenant.name,
  ]);
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, 'std', 'Standard')", [planId]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
     VALUES ($1, $2, 1, 'published', 'USD', '2026-01-01Z', now(), $3)`,
    [versionId, planId, JSON.stringify({ model_markups: [{ models: ["newco/*"], markup_percent: "20" }] })],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $2, 'input', '', 2.13), ($1, $2, 'output', '', 10.7), ($1, $2, 'cached_input', '', 0.21)`,
    [versionId, KNOWN_MODEL],
  );
  await pool.query(
    "INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2026-11-01Z')",
    [randomUUID(), tenant.id, versionId],
  );
  return {
    pool,
    db,
    usage,
    sweeps,
    close: async () => {
      await sweeps.close();
      await usage.close();
      await db.$disconnect();
      await pool.end();
      await database.drop();
    },
  };
}

/**
 * Ages every noted hour (usage_rollup_changes) a day, as if noted long before the last refreshes (past their
 * overlap): the fixture's November usage is all late, so noted, and read from the hourly rows until then. For tests
 * that check the refreshed tables do serve reads.
 */
export async function ageRollupChanges(pool: pg.Pool): Promise<void> {
  await pool.query("UPDATE usage_rollup_changes SET changed_at = changed_at - interval '1 day'");
}

function event(id: string, model: string, timestamp: string, fields: Record<string, number | string>) {
  const parsed = parseUsageEvent({ id, model, timestamp, ...fields }, new Date("2026-11-30T00:00:00Z"));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

/**
 * Events every few hours of the given November days, over the two keys, customers and agents, every fourth of an
 * unpriced model (`newco/alpha`): one job's worth per key.
 */
export function rollupTraffic(
  keys: readonly string[],
  prefix: string,
  days: readonly number[],
): { apiKeyId: string; events: QueuedUsageEvent[] }[] {
  const byKey = new Map<string, QueuedUsageEvent[]>();
  let n = 0;
  for (const day of days) {
    for (let hour = 1; hour < 24; hour += 5) {
      n += 1;
      const at = `2026-11-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:17:00Z`;
      const model = n % 4 === 0 ? "newco/alpha" : KNOWN_MODEL;
      const fields: Record<string, number | string> = {
        input_tokens: 1000 * n + 7,
        output_tokens: 333 * n,
        cached_input_tokens: 50 * n,
      };
      if (n % 3 !== 0) fields.customer = `cust-${String(n % 2)}`;
      if (n % 5 !== 0) fields.agent = `agent-${String(n % 3)}`;
      const key = keys[n % 2] ?? "";
      byKey.set(key, [...(byKey.get(key) ?? []), event(`${prefix}-${String(n)}`, model, at, fields)]);
    }
  }
  return [...byKey].map(([apiKeyId, events]) => ({ apiKeyId, events }));
}

/** Both analytics tables, every column as text, in key order. */
export async function analyticsRows(pool: pg.Pool): Promise<{ global: unknown[]; weekly: unknown[] }> {
  const global = await pool.query(
    `SELECT day, trim(currency) AS currency, model_id, agent, event_count::text, unrated_count::text,
            input_tokens::text, cached_input_tokens::text, cache_write_tokens::text, output_tokens::text,
            reasoning_tokens::text, amount::text, cost::text
       FROM usage_rollups_global_daily ORDER BY day, currency, model_id, agent`,
  );
  const weekly = await pool.query(
    `SELECT week, tenant_id, trim(currency) AS currency, event_count::text, unrated_count::text, tokens::text,
            amount::text, cost::text
       FROM usage_rollups_tenant_weekly ORDER BY week, tenant_id, currency`,
  );
  return { global: global.rows, weekly: weekly.rows };
}

/** Empties both tables and refreshes from '-infinity' (every day of the daily rollups): the reference. */
export async function analyticsFromScratch(pool: pg.Pool, db: Db): Promise<{ global: unknown[]; weekly: unknown[] }> {
  await pool.query("TRUNCATE usage_rollups_global_daily, usage_rollups_tenant_weekly");
  await pool.query("UPDATE analytics_refresh_state SET refreshed_through = '-infinity'");
  await refreshAnalyticsRollups(db);
  return analyticsRows(pool);
}
