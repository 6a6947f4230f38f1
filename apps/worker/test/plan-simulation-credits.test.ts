import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { money, parseUsageEvent, toDecimalString, type QueuedUsageEvent } from "@tollgate/domain";
import type { Principal } from "@tollgate/use-cases/access";
import { getPlanSimulation, listSimulationResults, startPlanSimulation } from "@tollgate/use-cases/plan-simulations";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPlanSimulation } from "../src/jobs/run-plan-simulation.ts";
import { CatalogCache } from "../src/store/catalog-cache.ts";
import { insertPublishedPlan } from "./support/published-plan.ts";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * Issue 20 with credits: usage recorded through the real worker (which spends the tenants' real grants), then a draft
 * with a 20 % higher output price simulated over the last 10 days. Each side is paid from the grants as they stood
 * over the window: exact figures worked out by hand below; an expired grant and a grant granted after the window
 * pay nothing; no grant balance or ledger row changes.
 */
const MODEL = "acme/sim-credits";
const NOW = new Date("2026-11-21T00:30:00Z"); // window: [Nov 11 00:00, Nov 21 00:00)
const operator: Principal = { kind: "operator_key", keyId: null, prefix: "ops" };
const tenTenant = randomUUID(); // a 10 USD grant from Nov 1: spent up in the window on both sides
const lateTenant = randomUUID(); // a 20 USD grant granted on Nov 13, inside the window: pays only from then
const draftId = randomUUID();
const expiredGrant = randomUUID();
const tenGrant = randomUUID();
const apiKeyId = randomUUID();

// Output tokens only, so before = output × 10 / 1M and after = output × 12 / 1M.
const EVENTS = [
  { id: "a", at: "2026-11-05T10:00:00Z", output: 400_000 }, // before the window: 4 USD, paid by the expiring grant
  { id: "b", at: "2026-11-12T10:00:00Z", output: 500_000 }, // before 5, after 6
  { id: "c", at: "2026-11-15T10:00:00Z", output: 700_000 }, // before 7, after 8.4
];

function queued(item: (typeof EVENTS)[number]): QueuedUsageEvent {
  const parsed = parseUsageEvent(
    { id: item.id, model: MODEL, timestamp: item.at, input_tokens: 0, output_tokens: item.output },
    new Date("2026-11-25T00:00:00Z"),
  );
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

let database: TestDatabase;
let pool: pg.Pool;
let db: Db;
let harness: UsageWorkerHarness;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  db = createDbClient(database.url, { maxConnections: 2 });
  harness = startUsageWorkerHarness(pool);
  const { versionId } = await insertPublishedPlan(pool, {
    model: MODEL,
    rates: { input: "2", output: "10" },
    tenants: [
      { id: tenTenant, name: "Ten Co" },
      { id: lateTenant, name: "Late Co" },
    ],
  });
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, pricing)
     SELECT $1, plan_id, 2, 'draft', 'USD', '2026-01-01Z', '{}' FROM plan_versions WHERE id = $2`,
    [draftId, versionId],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $2, 'input', '', 2), ($1, $2, 'output', '', 12)`,
    [draftId, MODEL],
  );
  await pool.query(
    `INSERT INTO credit_grants (id, tenant_id, kind, amount, remaining, currency, priority, reason, granted_at,
                                expires_at)
     VALUES ($1, $4, 'paid', 10, 10, 'USD', 0, 'top-up', '2026-11-01Z', NULL),
            -- Used first (priority) but expired before the window: pays event a only, and nothing simulated.
            ($2, $4, 'promotional', 50, 50, 'USD', -1, 'welcome', '2026-11-01Z', '2026-11-10Z'),
            -- Granted after the window: ignored.
            ($3, $4, 'paid', 100, 100, 'USD', 0, 'later', '2026-11-22Z', NULL),
            ($5, $6, 'paid', 20, 20, 'USD', 0, 'top-up', '2026-11-13Z', NULL)`,
    [tenGrant, expiredGrant, randomUUID(), tenTenant, randomUUID(), lateTenant],
  );
  for (const tenantId of [tenTenant, lateTenant]) {
    await harness.runJob([{ tenantId, apiKeyId, events: EVENTS.map(queued) }]);
  }
});

afterAll(async () => {
  await harness.close();
  await db.$disconnect();
  await pool.end();
  await database.drop();
});

/** Every grant's balance and every ledger row, to show a simulation changes none of them. */
async function balances(): Promise<unknown[]> {
  const grants = await pool.query("SELECT id, remaining::text, voided_at FROM credit_grants ORDER BY id");
  const ledger = await pool.query(
    "SELECT id, kind, amount::text, credit_grant_id, occurred_at FROM ledger_entries ORDER BY id",
  );
  return [grants.rows, ledger.rows];
}

async function simulate(scope: { kind: "tenant"; tenantId: string } | { kind: "all" }): Promise<string> {
  const started = await startPlanSimulation(
    db,
    { versionId: draftId, scope, window: { kind: "last_days", days: 10 } },
    { actor: operator },
    { now: NOW, planSimulations: { enqueue: () => Promise.resolve() } },
  );
  // Pages of one event: credits carry over from page to page as within one.
  expect(await runPlanSimulation(pool, new CatalogCache(0), started.id, { pageSize: 1 })).toBe(true);
  return started.id;
}

describe("plan simulations with credits", () => {
  it("pays each side from the grants as they stood over the window, exactly, and changes no balance", async () => {
    // The worker really spent the grants: the expiring one paid event a, the 10 USD one events b and c.
    const used = await pool.query<{ credit_grant_id: string; total: string }>(
      `SELECT credit_grant_id, sum(amount)::text AS total FROM ledger_entries
        WHERE kind = 'credit_usage' AND tenant_id = $1 GROUP BY credit_grant_id ORDER BY sum(amount)`,
      [tenTenant],
    );
    expect(used.rows).toEqual([
      { credit_grant_id: expiredGrant, total: "4.000000000000000000000000000000" },
      { credit_grant_id: tenGrant, total: "10.000000000000000000000000000000" },
    ]);
    const untouched = await balances();

    const one = await simulate({ kind: "tenant", tenantId: tenTenant });
    const [ten] = (await listSimulationResults(db, one, { sort: "tenant", direction: "asc", limit: 10 })).results;
    // before 5 + 7 = 12, after 6 + 8.4 = 14.4; only the 10 USD grant counts (the 50 USD one expired on Nov 10 with
    // 46 left, the 100 USD one came after the window), and it runs out on both sides.
    expect(ten).toMatchObject({
      tenantName: "Ten Co",
      before: "12",
      after: "14.4",
      difference: "2.4",
      beforeCredits: "10",
      afterCredits: "10",
      beforeNet: "2",
      afterNet: "4.4",
      netDifference: "2.4",
    });

    const all = await simulate({ kind: "all" });
    const page = await listSimulationResults(db, all, { sort: "net_difference", direction: "asc", limit: 10 });
    // Late Co's grant came on Nov 13: it pays c (7, or 8.4 under the draft) but not b: net 5 → 6, while its gross
    // difference is the same 2.4 as Ten Co's.
    expect(page.results.map((r) => [r.tenantName, r.beforeCredits, r.afterCredits, r.netDifference])).toEqual([
      ["Late Co", "7", "8.4", "1"],
      ["Ten Co", "10", "10", "2.4"],
    ]);
    const view = await getPlanSimulation(db, all);
    expect(view.totals).toMatchObject({
      before: "24",
      after: "28.8",
      difference: "4.8",
      beforeCredits: "17",
      afterCredits: "18.4",
      beforeNet: "7",
      afterNet: "10.4",
      netDifference: "3.4",
    });
    // The simulated before-credits are what the worker really took for the window's events (the expired grant's
    // use paid event a, before the window).
    const inWindow = await pool.query<{ total: string }>(
      `SELECT sum(amount)::text AS total FROM ledger_entries WHERE kind = 'credit_usage' AND credit_grant_id <> $1`,
      [expiredGrant],
    );
    expect(toDecimalString(money(inWindow.rows[0]?.total ?? "0"))).toBe("17");
    expect(await balances()).toEqual(untouched);
  });

  it("a grant voided inside the window stops paying at its voiding", async () => {
    await pool.query("UPDATE credit_grants SET voided_at = '2026-11-14Z' WHERE id = $1", [tenGrant]);
    try {
      const id = await simulate({ kind: "tenant", tenantId: tenTenant });
      const [ten] = (await listSimulationResults(db, id, { sort: "tenant", direction: "asc", limit: 1 })).results;
      // b (Nov 12) is paid, c (Nov 15) is after the voiding.
      expect(ten).toMatchObject({ beforeCredits: "5", afterCredits: "6", beforeNet: "7", afterNet: "8.4" });
    } finally {
      await pool.query("UPDATE credit_grants SET voided_at = NULL WHERE id = $1", [tenGrant]);
    }
  });
});
