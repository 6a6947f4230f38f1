import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { money, parseUsageEvent, toDecimalString, type QueuedUsageEvent } from "@tollgate/domain";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trueUpCommitments } from "../src/jobs/true-up-commitments.ts";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./support/run-usage-worker.ts";

/** Minimum monthly commitments through the real worker: booked once per closed month, prorated, less usage. */
const MODEL = "acme/commit";
let database: TestDatabase;
let pool: pg.Pool;
let harness: UsageWorkerHarness;
const tenantId = randomUUID();
const otherTenantId = randomUUID();
const versionId = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  harness = startUsageWorkerHarness(pool);
  const planId = randomUUID();
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', 'C', now())", [
    MODEL,
  ]);
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, 'commit', 'Commit'), ($2, 'other', 'Other')", [
    tenantId,
    otherTenantId,
  ]);
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, 'committed', 'Committed')", [planId]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
     VALUES ($1, $2, 1, 'published', 'USD', '2026-01-01Z', now(), '{"minimum_commitment": "50"}')`,
    [versionId, planId],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $2, 'input', '', 10)`,
    [versionId, MODEL],
  );
  // From the middle of September (15 of its 30 days); the other tenant only from 2 November until 16 November.
  await pool.query(
    `INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at, ends_at)
     VALUES ($1, $2, $4, '2026-09-16Z', NULL), ($3, $5, $4, '2026-11-02Z', '2026-11-16Z')`,
    [randomUUID(), tenantId, randomUUID(), versionId, otherTenantId],
  );
});

afterAll(async () => {
  await harness.close();
  await pool.end();
  await database.drop();
});

function event(id: string, timestamp: string, inputTokens: number): QueuedUsageEvent {
  const parsed = parseUsageEvent({ id, model: MODEL, timestamp, input_tokens: inputTokens }, new Date(timestamp));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

async function trueUps() {
  const rows = await pool.query<{ tenant_id: string; occurred_at: Date; amount: string }>(
    "SELECT tenant_id, occurred_at, amount::text FROM ledger_entries WHERE kind = 'commitment_true_up' ORDER BY tenant_id, occurred_at",
  );
  return rows.rows
    .map((row) => [
      row.tenant_id === tenantId ? "tenant" : "other",
      row.occurred_at.toISOString().slice(0, 7),
      toDecimalString(money(row.amount)),
    ])
    .sort((a, b) => a.join().localeCompare(b.join()));
}

describe("minimum commitment true-up", () => {
  it("books each closed month once: the prorated minimum less what usage charged, never negative", async () => {
    // September: 1M input × 10 = $10; October: 6M = $60 (above the minimum).
    await harness.runJob([
      {
        tenantId,
        apiKeyId: null,
        events: [event("sep", "2026-09-20T10:00:00Z", 1_000_000), event("oct", "2026-10-05T10:00:00Z", 6_000_000)],
      },
    ]);
    // 10 January 2027: September, October and November are closed (35 days after their end), December is not.
    const now = new Date("2027-01-10T00:00:00Z");
    expect(await trueUpCommitments(pool, { now })).toEqual({ booked: 3 });
    expect(await trueUps()).toEqual([
      // other: 14 of November's 30 days of 50, no usage
      ["other", "2026-11", "23.333333333333333333333333333333"],
      // September: 50 × 15/30 − 10 = 15; October: 60 ≥ 50, nothing; November: 50
      ["tenant", "2026-09", "15"],
      ["tenant", "2026-11", "50"],
    ]);
    // Again, and later: nothing twice; December once it is closed.
    expect(await trueUpCommitments(pool, { now })).toEqual({ booked: 0 });
    expect(await trueUpCommitments(pool, { now: new Date("2027-02-10T00:00:00Z"), tenantId })).toEqual({ booked: 1 });
    expect((await trueUps()).filter(([who]) => who === "tenant").map(([, month]) => month)).toEqual([
      "2026-09",
      "2026-11",
      "2026-12",
    ]);
  });

  it("books nothing for a month that is not closed yet (late events may still arrive)", async () => {
    const before = (await trueUps()).length;
    expect(await trueUpCommitments(pool, { now: new Date("2027-02-04T00:00:00Z") })).toEqual({ booked: 0 });
    expect((await trueUps()).length).toBe(before);
  });

  it("follows the tenant's billing anchor day: one true-up per period from the 15th, keyed as the close keys it", async () => {
    const anchored = randomUUID();
    await pool.query(
      "INSERT INTO tenants (id, slug, name, billing_anchor_day) VALUES ($1, 'anchored', 'Anchored', 15)",
      [anchored],
    );
    await pool.query(
      `INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2026-09-15Z')`,
      [randomUUID(), anchored, versionId],
    );
    // Oct 15 – Nov 15 has $20 of usage (2M × 10).
    await harness.runJob([
      { tenantId: anchored, apiKeyId: null, events: [event("anchored-oct", "2026-11-14T23:00:00Z", 2_000_000)] },
    ]);
    // 25 December: Sep 15 – Oct 15 and Oct 15 – Nov 15 are closed (35 days after their end); Nov 15 – Dec 15 is not.
    expect(await trueUpCommitments(pool, { now: new Date("2026-12-25T00:00:00Z"), tenantId: anchored })).toEqual({
      booked: 2,
    });
    const rows = await pool.query<{ occurred_at: Date; amount: string; key: string; billed: Date }>(
      `SELECT l.occurred_at, l.amount::text, l.idempotency_key AS key,
              (SELECT p.billed_period_start FROM ledger_period_totals p
                WHERE p.tenant_id = l.tenant_id AND p.kind = 'commitment_true_up'
                  AND p.origin_period_start = l.occurred_at) AS billed
         FROM ledger_entries l WHERE l.tenant_id = $1 AND l.kind = 'commitment_true_up' ORDER BY l.occurred_at`,
      [anchored],
    );
    expect(
      rows.rows.map((row) => [row.occurred_at.toISOString(), toDecimalString(money(row.amount)), row.key, row.billed]),
    ).toEqual([
      ["2026-09-15T00:00:00.000Z", "50", `true_up:${versionId}:2026-09-15T00:00:00.000Z`, new Date("2026-09-15Z")],
      ["2026-10-15T00:00:00.000Z", "30", `true_up:${versionId}:2026-10-15T00:00:00.000Z`, new Date("2026-10-15Z")],
    ]);
  });
});
