import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { parseUsageEvent, type QueuedUsageEvent } from "@tollgate/domain";
import type { UsageJobPayload } from "@tollgate/queues";
import { listAlerts } from "@tollgate/use-cases/alerts";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordUsageJob } from "../src/jobs/record-usage.ts";

/**
 * Events for a model the tenant's plan has no price for are stored unrated, and the usage job records one
 * usage.unrated webhook event per (tenant, model, UTC day received) at most, in its own transaction.
 */
const PRICED = "acme/priced";
let database: TestDatabase;
let pool: pg.Pool;
let db: Db;
const tenantId = randomUUID();
const unsubscribed = randomUUID();
// Subscribed like tenantId, for the alerts' isolation.
const other = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  db = createDbClient(database.url, { maxConnections: 2 });
  const planId = randomUUID();
  const versionId = randomUUID();
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', 'P', now())", [
    PRICED,
  ]);
  await pool.query(
    "INSERT INTO tenants (id, slug, name) VALUES ($1, 'unrated', 'Unrated'), ($2, 'nosub', 'No Sub'), ($3, 'other', 'O')",
    [tenantId, unsubscribed, other],
  );
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, 'std', 'Standard')", [planId]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at)
     VALUES ($1, $2, 1, 'published', 'USD', '2026-01-01Z', now())`,
    [versionId, planId],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $2, 'input', '', 2), ($1, $2, 'output', '', 10)`,
    [versionId, PRICED],
  );
  await pool.query(
    `INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at)
     VALUES ($1, $2, $3, '2026-01-01Z'), ($4, $5, $3, '2026-01-01Z')`,
    [randomUUID(), tenantId, versionId, randomUUID(), other],
  );
});

afterAll(async () => {
  await db.$disconnect();
  await pool.end();
  await database.drop();
});

function event(id: string, model: string): QueuedUsageEvent {
  const parsed = parseUsageEvent(
    { id, model, timestamp: "2026-12-05T10:00:00Z", input_tokens: 10, output_tokens: 5 },
    new Date("2026-12-06T00:00:00Z"),
  );
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

const job = (receivedAt: string, tenant: string, events: QueuedUsageEvent[]): UsageJobPayload => ({
  receivedAt,
  batches: [{ tenantId: tenant, apiKeyId: null, events }],
});

async function unratedEvents(tenant: string) {
  const rows = await pool.query<{ dedupe_key: string; payload: Record<string, unknown> }>(
    "SELECT dedupe_key, payload FROM webhook_events WHERE tenant_id = $1 AND type = 'usage.unrated' ORDER BY dedupe_key",
    [tenant],
  );
  return rows.rows;
}

describe("usage.unrated webhook events", () => {
  it("are recorded at most once per tenant, model and UTC day, and only for a missing price", async () => {
    const day1 = "2026-12-05T23:59:00Z";
    await recordUsageJob(
      pool,
      job(day1, tenantId, [event("u1", "newco/a"), event("u2", "newco/a"), event("p1", PRICED)]),
    );
    await recordUsageJob(pool, job(day1, tenantId, [event("u3", "newco/a"), event("u4", "newco/b")]));
    // The same model the next UTC day (received at 01:00 in UTC+02:00, i.e. 23:00Z: still the 5th).
    await recordUsageJob(pool, job("2026-12-06T01:00:00+02:00", tenantId, [event("u5", "newco/a")]));
    await recordUsageJob(pool, job("2026-12-06T00:00:01Z", tenantId, [event("u6", "newco/a")]));
    expect((await unratedEvents(tenantId)).map((e) => [e.dedupe_key, e.payload.event_id, e.payload.reason])).toEqual([
      ["usage.unrated:newco/a:2026-12-05", "u1", "no_price_for_model"],
      ["usage.unrated:newco/a:2026-12-06", "u6", "no_price_for_model"],
      ["usage.unrated:newco/b:2026-12-05", "u4", "no_price_for_model"],
    ]);
    // A tenant without a subscription is the operator's business, not a missing model price.
    await recordUsageJob(pool, job(day1, unsubscribed, [event("n1", "newco/a")]));
    expect(await unratedEvents(unsubscribed)).toEqual([]);
    const stored = await pool.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM usage_events WHERE rating_status = 'unrated'",
    );
    expect(stored.rows[0]?.n).toBe("7");
  });
});

describe("usage.unrated alerts", () => {
  async function alertsAndEvents(tenant: string) {
    const alerts = await pool.query<{ dedupe_key: string; payload: unknown; created_at: Date }>(
      "SELECT dedupe_key, payload, created_at FROM alerts WHERE tenant_id = $1 AND kind = 'usage.unrated' ORDER BY 1",
      [tenant],
    );
    const events = await pool.query<{ dedupe_key: string; payload: unknown; created_at: Date }>(
      "SELECT dedupe_key, payload, created_at FROM webhook_events WHERE tenant_id = $1 AND type = 'usage.unrated' ORDER BY 1",
      [tenant],
    );
    return { alerts: alerts.rows, events: events.rows };
  }

  it("are the one writer: each alert is the webhook event (key, payload, time), once per model and day", async () => {
    const day = "2026-12-07T08:00:00Z";
    await recordUsageJob(pool, job(day, other, [event("o1", "newco/c"), event("o2", "newco/c"), event("o3", PRICED)]));
    const first = await alertsAndEvents(other);
    expect(first.alerts.map((a) => a.dedupe_key)).toEqual(["usage.unrated:newco/c:2026-12-07"]);
    // The webhook consumers' event is exactly the alert: same key, payload and time, and only one of it.
    expect(first.events).toEqual(first.alerts);
    expect(first.alerts[0]?.payload).toEqual({
      model: "newco/c",
      day: "2026-12-07",
      reason: "no_price_for_model",
      event_id: "o1",
      occurred_at: "2026-12-05T10:00:00.000Z",
    });
    // A later job the same UTC day, for the same model, adds neither an alert nor an event.
    await recordUsageJob(pool, job("2026-12-07T22:00:00Z", other, [event("o4", "newco/c")]));
    expect(await alertsAndEvents(other)).toEqual(first);
  });

  it("are listed to their tenant only, with the model, the day and what to do", async () => {
    const own = await listAlerts(db, other, { kind: "usage.unrated" }, { before: null, limit: 10 });
    expect(own.alerts.map((a) => [a.kind, a.title, a.readAt])).toEqual([
      [
        "usage.unrated",
        "Usage of newco/c received 2026-12-07 had no price: an operator must price the model; " +
          "its events are then re-rated automatically",
        null,
      ],
    ]);
    // The first tenant's three (model, day) alerts, none of the other's.
    const first = await listAlerts(db, tenantId, {}, { before: null, limit: 10 });
    expect(first.alerts.map((a) => a.payload.model).sort()).toEqual(["newco/a", "newco/a", "newco/b"]);
    expect((await listAlerts(db, unsubscribed, {}, { before: null, limit: 10 })).alerts).toEqual([]);
  });
});
