import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { type Principal } from "@tollgate/use-cases/access";
import { createCreditGrant, listCreditGrants } from "@tollgate/use-cases/credits";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { money, parseUsageEvent, toDecimalString, type QueuedUsageEvent } from "@tollgate/domain";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRatingSweepHarness, type RatingSweepHarness } from "./support/run-rating-sweep-worker.ts";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * Credit grants past their expiry, through the real workers: the sweep books the unused balance once as a
 * credit_expiry entry and zeroes `remaining`; usage recorded late never takes a grant below zero nor counts credit
 * twice. Flat plan: input at 2 per 1M tokens, so 1M input tokens cost 2.
 */
const MODEL = "acme/flat";
const OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "tg_test" };

let database: TestDatabase;
let pool: pg.Pool;
let db: Db;
let usage: UsageWorkerHarness;
let sweeps: RatingSweepHarness;
const apiKeyId = randomUUID();
let versionId = "";

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 6 });
  db = createDbClient(database.url, { maxConnections: 2 });
  usage = startUsageWorkerHarness(pool);
  sweeps = startRatingSweepHarness(pool);
  await sweeps.ready;
  versionId = randomUUID();
  const planId = randomUUID();
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', 'Flat', now())", [
    MODEL,
  ]);
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, 'flat', 'Flat')", [planId]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
     VALUES ($1, $2, 1, 'published', 'USD', '2026-01-01Z', now(), '{}')`,
    [versionId, planId],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $2, 'input', '', 2)`,
    [versionId, MODEL],
  );
});

afterAll(async () => {
  await sweeps.close();
  await usage.close();
  await db.$disconnect();
  await pool.end();
  await database.drop();
});

const exact = (value: string | null | undefined) => (value == null ? null : toDecimalString(money(value)));

/** A tenant on the flat plan with one grant of `amount`, granted 2026-11-10, expiring at `expiresAt`. */
async function tenantWithGrant(amount: string, expiresAt: string): Promise<{ tenantId: string; grantId: string }> {
  const tenantId = randomUUID();
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'Credits')", [tenantId, `t-${tenantId}`]);
  await pool.query(
    "INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2026-11-01Z')",
    [randomUUID(), tenantId, versionId],
  );
  const grant = await createCreditGrant(
    db,
    tenantId,
    { kind: "promotional", amount, currency: "USD", expiresAt: new Date(expiresAt) },
    { actor: OPERATOR, reason: "trial" },
    { now: new Date("2026-11-10T00:00:00Z") },
  );
  return { tenantId, grantId: grant.id };
}

function event(id: string, timestamp: string, inputTokens: number): QueuedUsageEvent {
  const parsed = parseUsageEvent({ id, model: MODEL, timestamp, input_tokens: inputTokens }, new Date());
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

/** The grant's `remaining` and what its ledger entries say: amount − Σ credit_usage − Σ credit_expiry. */
async function grantState(grantId: string) {
  const rows = await pool.query<{
    remaining: string;
    used: string;
    expired: string;
    expiries: string;
    balance: string;
  }>(
    `SELECT g.remaining::text,
            COALESCE(sum(l.amount) FILTER (WHERE l.kind = 'credit_usage'), 0)::text AS used,
            COALESCE(sum(l.amount) FILTER (WHERE l.kind = 'credit_expiry'), 0)::text AS expired,
            count(*) FILTER (WHERE l.kind = 'credit_expiry')::text AS expiries,
            (g.amount - COALESCE(sum(l.amount) FILTER (WHERE l.kind IN ('credit_usage', 'credit_expiry')), 0))::text
              AS balance
       FROM credit_grants g LEFT JOIN ledger_entries l ON l.credit_grant_id = g.id
      WHERE g.id = $1 GROUP BY g.id`,
    [grantId],
  );
  const row = rows.rows[0];
  return {
    remaining: exact(row?.remaining),
    used: exact(row?.used),
    expired: exact(row?.expired),
    expiries: Number(row?.expiries),
    balance: exact(row?.balance),
  };
}

async function charged(tenantId: string): Promise<string | null> {
  const rows = await pool.query<{ total: string | null }>(
    "SELECT sum(amount)::text AS total FROM ledger_entries WHERE tenant_id = $1 AND kind = 'usage_charge'",
    [tenantId],
  );
  return exact(rows.rows[0]?.total);
}

describe("credit grant expiry", () => {
  it("books the unused balance once; late usage before the booking uses credit, after it pays in full", async () => {
    const { tenantId, grantId } = await tenantWithGrant("10", "2026-11-25T00:00:00Z");
    // Happened before the expiry and recorded after it, but before the expiry was booked: 2 of credit.
    await usage.runJob([{ tenantId, apiKeyId, events: [event("u1", "2026-11-20T12:00:00Z", 1_000_000)] }]);
    expect(await grantState(grantId)).toMatchObject({ remaining: "8", used: "2", balance: "8", expiries: 0 });

    await sweeps.runSweeps([{ reason: "schedule" }]);
    const expired = { remaining: "0", used: "2", expired: "8", expiries: 1, balance: "0" };
    expect(await grantState(grantId)).toEqual(expired);
    const [entry] = (
      await pool.query<{ key: string; occurred_at: Date; amount: string }>(
        `SELECT idempotency_key AS key, occurred_at, amount::text FROM ledger_entries
          WHERE credit_grant_id = $1 AND kind = 'credit_expiry'`,
        [grantId],
      )
    ).rows;
    expect(entry).toMatchObject({ key: `credit_expiry:${grantId}`, occurred_at: new Date("2026-11-25T00:00:00Z") });

    // Again (all tenants, then this tenant): nothing more.
    await sweeps.runSweeps([{ reason: "schedule" }]);
    await sweeps.runSweeps([{ reason: "price_change", tenantId }]);
    expect(await grantState(grantId)).toEqual(expired);

    // Before the expiry but recorded after the booking (u2), and after the expiry (u3): charged in full, 1 each.
    await usage.runJob([
      {
        tenantId,
        apiKeyId,
        events: [event("u2", "2026-11-24T12:00:00Z", 500_000), event("u3", "2026-11-26T12:00:00Z", 500_000)],
      },
    ]);
    expect(await grantState(grantId)).toEqual(expired);
    expect(await charged(tenantId)).toBe("4");

    // The API's view derives the same from the ledger.
    const [view] = await listCreditGrants(db, tenantId);
    expect(view).toMatchObject({ used: "2", expired: "8", balance: "0", status: "expired" });
  });

  it("never lets a usage job and the expiry both take the same credit, whichever commits first", async () => {
    const { tenantId, grantId } = await tenantWithGrant("3", "2026-11-25T00:00:00Z");
    // 1.5M input before the expiry = 3, the whole grant, recorded while the expiry sweep runs.
    await Promise.all([
      usage.runJob([{ tenantId, apiKeyId, events: [event("race", "2026-11-24T00:00:00Z", 1_500_000)] }]),
      sweeps.runSweeps([{ reason: "price_change", tenantId }]),
    ]);
    await sweeps.runSweeps([{ reason: "schedule" }]);
    const state = await grantState(grantId);
    // Either the job used all 3 (nothing left to expire) or the expiry took 3 first (the job paid in full).
    expect(state.remaining).toBe("0");
    expect(state.balance).toBe("0");
    expect(
      money(state.used ?? "0")
        .plus(state.expired ?? "0")
        .toFixed(),
    ).toBe("3");
    expect([
      ["3", 0],
      ["0", 1],
    ]).toContainEqual([state.used, state.expiries]);
    expect(await charged(tenantId)).toBe("3");
  });
});
