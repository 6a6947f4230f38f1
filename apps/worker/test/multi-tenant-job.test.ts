import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { parseUsageEvent, type QueuedUsageEvent } from "@tollgate/domain";
import { usageJobPayloadSchema, type LegacyUsageJobPayload, type UsageJobPayload } from "@tollgate/queues";
import { Decimal } from "decimal.js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordUsageJob, recordUsageJobs } from "../src/jobs/record-usage.ts";

const now = new Date();
const MODEL = "multi/model";
let database: TestDatabase;
let pool: pg.Pool;
let tenantA = "";
let tenantB = "";
let tenantC = "";
let tenantD = "";
let tenantE = "";
let tenantF = "";
let plainTenant = "";
let creditTenant = "";

/** A tenant subscribed to a USD plan pricing MODEL's input tokens at `inputPerMillion`. */
async function pricedTenant(slug: string, inputPerMillion: string): Promise<string> {
  const tenantId = randomUUID();
  const planId = randomUUID();
  const versionId = randomUUID();
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $2)", [tenantId, slug]);
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, $2, $2)", [planId, `plan-${slug}`]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at)
     VALUES ($1, $2, 1, 'published', 'USD', '2020-01-01Z', now())`,
    [versionId, planId],
  );
  await pool.query(
    "INSERT INTO plan_rates (plan_version_id, model_id, token_type, price_per_million) VALUES ($1, $2, 'input', $3)",
    [versionId, MODEL, inputPerMillion],
  );
  await pool.query(
    "INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2020-01-01Z')",
    [randomUUID(), tenantId, versionId],
  );
  return tenantId;
}

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'test', $1, now())", [
    MODEL,
  ]);
  tenantA = await pricedTenant("multi-a", "2");
  tenantB = await pricedTenant("multi-b", "10");
  tenantC = await pricedTenant("multi-c", "1");
  tenantD = await pricedTenant("multi-d", "1");
  tenantE = await pricedTenant("multi-e", "3");
  tenantF = await pricedTenant("multi-f", "2");
  plainTenant = await pricedTenant("multi-plain", "1");
  creditTenant = await pricedTenant("multi-credit", "1");
  await pool.query(
    `INSERT INTO credit_grants (id, tenant_id, kind, amount, remaining, currency, priority, reason, granted_at)
     VALUES ($1, $2, 'paid', 100, 100, 'USD', 0, 'top-up', $3)`,
    [randomUUID(), creditTenant, new Date(now.getTime() - 60_000)],
  );
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

function event(id: string, inputTokens: number): QueuedUsageEvent {
  const result = parseUsageEvent({ id, model: MODEL, input_tokens: inputTokens }, now);
  if (!result.ok) throw new Error(result.message);
  return result.event;
}

interface TenantTotals {
  events: string;
  ledger: string | null;
  ledgerLines: string;
  rollupEvents: string | null;
  rollupAmount: string | null;
}

async function totals(tenantId: string): Promise<TenantTotals> {
  const { rows } = await pool.query<TenantTotals>(
    `SELECT (SELECT count(*) FROM usage_events WHERE tenant_id = $1)::text AS events,
            (SELECT sum(amount) FROM ledger_entries WHERE tenant_id = $1)::text AS ledger,
            (SELECT count(*) FROM ledger_entries WHERE tenant_id = $1)::text AS "ledgerLines",
            (SELECT sum(event_count) FROM usage_rollups_hourly WHERE tenant_id = $1)::text AS "rollupEvents",
            (SELECT sum(amount) FROM usage_rollups_hourly WHERE tenant_id = $1)::text AS "rollupAmount"`,
    [tenantId],
  );
  const [row] = rows;
  if (!row) throw new Error("no totals");
  return row;
}

/** A NUMERIC sum as a canonical decimal string (money is never a float). */
function amount(sum: string | null): string {
  return sum === null ? "null" : new Decimal(sum).toFixed();
}

describe("recordUsageJob: one job spanning tenants", () => {
  it("records every tenant's group once, priced with its own plan, and a re-run changes nothing", async () => {
    // Tenant B comes first in the job (the worker orders groups itself); both tenants use the id "shared-1".
    const payload: UsageJobPayload = {
      receivedAt: now.toISOString(),
      batches: [
        { tenantId: tenantB, apiKeyId: null, events: [event("shared-1", 1_000_000), event("b-2", 500_000)] },
        { tenantId: tenantA, apiKeyId: null, events: [event("shared-1", 3_000_000)] },
      ],
    };

    expect(await recordUsageJob(pool, payload)).toMatchObject({ inserted: 3, duplicates: 0, unrated: 0 });
    const first = { a: await totals(tenantA), b: await totals(tenantB) };
    // A: 3M input tokens at 2 per million; B: 1.5M at 10 per million.
    expect(first.a).toMatchObject({ events: "1", rollupEvents: "1" });
    expect(amount(first.a.ledger)).toBe("6");
    expect(first.a.rollupAmount).toBe(first.a.ledger);
    expect(first.b).toMatchObject({ events: "2", rollupEvents: "2" });
    expect(amount(first.b.ledger)).toBe("15");
    expect(first.b.rollupAmount).toBe(first.b.ledger);

    expect(await recordUsageJob(pool, payload)).toMatchObject({ inserted: 0, duplicates: 3, unrated: 0 });
    expect({ a: await totals(tenantA), b: await totals(tenantB) }).toEqual(first);
  });

  it("still processes the pre-upgrade single-tenant payload, normalized to one group", async () => {
    const legacy: LegacyUsageJobPayload = {
      tenantId: tenantC,
      apiKeyId: null,
      receivedAt: now.toISOString(),
      events: [event("legacy-1", 4_000_000), event("legacy-2", 1_000_000)],
    };
    const parsed = usageJobPayloadSchema.parse(JSON.parse(JSON.stringify(legacy)));
    expect(parsed).toEqual({
      receivedAt: legacy.receivedAt,
      batches: [{ tenantId: tenantC, apiKeyId: null, events: legacy.events }],
    });

    expect(await recordUsageJob(pool, parsed)).toMatchObject({ inserted: 2, duplicates: 0, unrated: 0 });
    expect(await recordUsageJob(pool, parsed)).toMatchObject({ inserted: 0, duplicates: 2, unrated: 0 });
    const c = await totals(tenantC);
    expect(c).toMatchObject({ events: "2", rollupEvents: "2" });
    expect(amount(c.ledger)).toBe("5");
  });

  it("records a tenant's several keys, and a group repeated in a job, with each event once", async () => {
    const [key1, key2] = [randomUUID(), randomUUID()];
    const payload: UsageJobPayload = {
      receivedAt: now.toISOString(),
      batches: [
        { tenantId: tenantD, apiKeyId: key1, events: [event("d-1", 1_000_000), event("d-2", 1_000_000)] },
        { tenantId: tenantD, apiKeyId: key2, events: [event("d-3", 1_000_000)] },
        // Ingest never writes this (one group per tenant and key, each id once), but a valid payload may hold it.
        { tenantId: tenantD, apiKeyId: key1, events: [event("d-1", 1_000_000), event("d-4", 1_000_000)] },
      ],
    };
    expect(await recordUsageJob(pool, payload)).toMatchObject({ inserted: 4, duplicates: 1, unrated: 0 });
    const first = await totals(tenantD);
    expect(first).toMatchObject({ events: "4", rollupEvents: "4" });
    expect(amount(first.ledger)).toBe("4");
    const perKey = await pool.query<{ api_key_id: string; events: string }>(
      "SELECT api_key_id, sum(event_count)::text AS events FROM usage_rollups_hourly WHERE tenant_id = $1 GROUP BY 1",
      [tenantD],
    );
    expect(Object.fromEntries(perKey.rows.map((row) => [row.api_key_id, row.events]))).toEqual({
      [key1]: "3",
      [key2]: "1",
    });
    expect(await recordUsageJob(pool, payload)).toMatchObject({ inserted: 0, duplicates: 5, unrated: 0 });
    expect(await totals(tenantD)).toEqual(first);
  });

  it("stores only the new events of jobs that overlap stored and concurrent ones (the COPY meets a stored id)", async () => {
    // 12 jobs at once, job k holding ids k … k+5: 17 distinct ids, 72 events. Each id must be stored, charged and
    // rolled up once, whichever job wins it; the others count it as a duplicate.
    const jobs: UsageJobPayload[] = Array.from({ length: 12 }, (_, k) => ({
      receivedAt: now.toISOString(),
      batches: [
        {
          tenantId: tenantE,
          apiKeyId: null,
          events: Array.from({ length: 6 }, (_, index) => event(`e-${(k + index).toString()}`, 1_000_000)),
        },
      ],
    }));
    const results = await Promise.all(jobs.map((job) => recordUsageJob(pool, job)));
    expect(results.reduce((sum, result) => sum + result.inserted, 0)).toBe(17);
    expect(results.reduce((sum, result) => sum + result.duplicates, 0)).toBe(72 - 17);
    const stored = await totals(tenantE);
    expect(stored).toMatchObject({ events: "17", rollupEvents: "17" });
    // 1M input tokens each at 3 per million.
    expect(amount(stored.ledger)).toBe("51");
    expect(amount(stored.rollupAmount)).toBe("51");

    // A later job with two stored ids and one new one stores just the new one.
    const later: UsageJobPayload = {
      receivedAt: now.toISOString(),
      batches: [
        {
          tenantId: tenantE,
          apiKeyId: null,
          events: [event("e-0", 1_000_000), event("e-new", 2_000_000), event("e-16", 1_000_000)],
        },
      ],
    };
    expect(await recordUsageJob(pool, later)).toMatchObject({ inserted: 1, duplicates: 2, unrated: 0 });
    const after = await totals(tenantE);
    expect(after).toMatchObject({ events: "18", rollupEvents: "18" });
    expect(amount(after.ledger)).toBe("57");
  });

  it("records a job's other tenants while a tenant whose credit rows are locked waits, then that tenant", async () => {
    // Another job holds the credit tenant's grant rows (as a busy tenant's jobs do, one after another).
    // Its own connection: the pool's two serve the job and the reads below.
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("SELECT id FROM credit_grants WHERE tenant_id = $1 FOR UPDATE", [creditTenant]);
      const job: UsageJobPayload = {
        receivedAt: now.toISOString(),
        batches: [
          { tenantId: creditTenant, apiKeyId: null, events: [event("cr-1", 2_000_000)] },
          { tenantId: plainTenant, apiKeyId: null, events: [event("pl-1", 1_000_000), event("pl-2", 1_000_000)] },
        ],
      };
      const recording = recordUsageJob(pool, job);
      // The plain tenant's events are committed while the credit tenant's wait for the lock.
      await expect.poll(async () => (await totals(plainTenant)).events, { timeout: 10_000 }).toBe("2");
      expect((await totals(creditTenant)).events).toBe("0");
      await blocker.query("COMMIT");
      expect(await recording).toMatchObject({ inserted: 3, duplicates: 0, unrated: 0 });
    } finally {
      await blocker.end();
    }
    expect(amount((await totals(plainTenant)).ledger)).toBe("2");
    const credit = await totals(creditTenant);
    expect(credit).toMatchObject({ events: "1", rollupEvents: "1" });
    // The usage charge (2) and the credit that paid it (its credit_usage entry carries +2, see recordCreditUse).
    const remaining = await pool.query<{ remaining: string }>(
      "SELECT remaining::text AS remaining FROM credit_grants WHERE tenant_id = $1",
      [creditTenant],
    );
    expect(amount(remaining.rows[0]?.remaining ?? null)).toBe("98");
  });

  it("records several jobs in one group commit: each event once, with its own job's receive time", async () => {
    const key = randomUUID();
    const [early, late] = [new Date(now.getTime() - 5_000).toISOString(), now.toISOString()];
    const jobs: UsageJobPayload[] = [
      { receivedAt: early, batches: [{ tenantId: tenantF, apiKeyId: key, events: [event("f-1", 1_000_000)] }] },
      {
        receivedAt: late,
        batches: [
          { tenantId: tenantA, apiKeyId: null, events: [event("f-1", 1_000_000)] },
          // f-1 again (a client's resend that reached a second job): stored once, by the earlier job.
          { tenantId: tenantF, apiKeyId: key, events: [event("f-1", 1_000_000), event("f-2", 2_000_000)] },
        ],
      },
      { receivedAt: late, batches: [{ tenantId: tenantF, apiKeyId: null, events: [event("f-3", 500_000)] }] },
    ];
    const before = await totals(tenantA);
    expect(await recordUsageJobs(pool, jobs)).toMatchObject({ inserted: 4, duplicates: 1, unrated: 0 });
    const first = await totals(tenantF);
    // 3.5M input tokens at 2 per million, in one hour: one ledger line and one rollup row per key.
    expect(first).toMatchObject({ events: "3", rollupEvents: "3", ledgerLines: "1" });
    expect(amount(first.ledger)).toBe("7");
    expect(first.rollupAmount).toBe(first.ledger);
    const a = await totals(tenantA);
    expect(Number(a.events) - Number(before.events)).toBe(1);
    expect(new Decimal(a.ledger ?? 0).minus(before.ledger ?? 0).toFixed()).toBe("2");
    const received = await pool.query<{ event_id: string; received_at: Date }>(
      "SELECT event_id, received_at FROM usage_events WHERE tenant_id = $1 ORDER BY event_id",
      [tenantF],
    );
    expect(received.rows.map((row) => [row.event_id, row.received_at.toISOString()])).toEqual([
      ["f-1", early],
      ["f-2", late],
      ["f-3", late],
    ]);
    // A retried group, or one of its jobs retried alone (its group failed after another attempt committed).
    expect(await recordUsageJobs(pool, jobs)).toMatchObject({ inserted: 0, duplicates: 5 });
    expect(await recordUsageJob(pool, jobs[1] as UsageJobPayload)).toMatchObject({ inserted: 0, duplicates: 3 });
    expect(await totals(tenantF)).toEqual(first);
    expect(await totals(tenantA)).toEqual(a);
  });
});
