import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { money, parseUsageEvent, toDecimalString, type Money, type QueuedUsageEvent } from "@tollgate/domain";
import { createRedis, createTypedQueue, planSimulationJobId } from "@tollgate/queues";
import type { Principal } from "@tollgate/use-cases/access";
import {
  getPlanSimulation,
  listSimulationResults,
  publishAndMigrate,
  startPlanSimulation,
} from "@tollgate/use-cases/plan-simulations";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlanSimulationWorker } from "../src/jobs/plan-simulation-worker.ts";
import { runPlanSimulation } from "../src/jobs/run-plan-simulation.ts";
import { CatalogCache } from "../src/store/catalog-cache.ts";
import { insertPublishedPlan } from "./support/published-plan.ts";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * Issue 20's acceptance test: usage recorded through the real worker under a published plan, then a draft with a
 * 20 % higher output price, an input allowance and an output tier simulated over the last 10 days through the real
 * plan-simulations consumer. "after" must equal the draft's charges worked out below from the events themselves,
 * "before" the ledger; a resumed run adds nothing twice; publish-and-migrate moves exactly the simulated tenants.
 */
const MODEL = "acme/sim";
const PUBLISHED = { input: "2", output: "10" };
const DRAFT = { input: "2", output: "12" }; // +20 % output
const ALLOWANCE = 100_000n; // free input tokens per billing period
const TIER_UP_TO = 1_000_000n; // output tokens at the first tier (12), above it 9
const TIER_2 = "9";
const MINIMUM = "15"; // minimum commitment per billing period
const DRAFT_PRICING = {
  minimum_commitment: MINIMUM,
  allowances: [{ kind: "tokens", id: "free-input", tokens: ALLOWANCE.toString(), token_types: ["input"] }],
  tiers: [
    {
      id: "output",
      token_types: ["output"],
      schedule: {
        mode: "graduated",
        tiers: [
          { up_to: TIER_UP_TO.toString(), price_per_million: DRAFT.output },
          { up_to: null, price_per_million: TIER_2 },
        ],
      },
    },
  ],
};
const NOW = new Date("2026-11-21T00:30:00Z"); // window: [Nov 11 00:00, Nov 21 00:00)
const WINDOW = { from: new Date("2026-11-11T00:00:00Z"), to: new Date("2026-11-21T00:00:00Z") };
const operator: Principal = { kind: "operator_key", keyId: null, prefix: "ops" };

let database: TestDatabase;
let pool: pg.Pool;
let db: Db;
let harness: UsageWorkerHarness;
let publishedId: string;
const draftId = randomUUID();
const planTenant = randomUUID();
const discounted = randomUUID();
const apiKeyId = randomUUID();

interface Usage {
  id: string;
  at: string;
  input: number;
  output: number;
}
const usage: Record<string, Usage[]> = {
  [planTenant]: [
    { id: "a", at: "2026-11-05T10:00:00Z", input: 80_000, output: 400_000 }, // same period, before the window
    { id: "b", at: "2026-11-12T10:00:00Z", input: 50_000, output: 700_000 },
    { id: "c", at: "2026-11-15T10:00:00Z", input: 30_000, output: 200_000 },
    { id: "d", at: "2026-11-21T03:00:00Z", input: 10_000, output: 10_000 }, // after the window
  ],
  [discounted]: [{ id: "e", at: "2026-11-13T08:00:00Z", input: 200_000, output: 300_000 }],
};
const DISCOUNT = { [planTenant]: "0", [discounted]: "10" };

function queued(item: Usage): QueuedUsageEvent {
  const parsed = parseUsageEvent(
    { id: item.id, model: MODEL, timestamp: item.at, input_tokens: item.input, output_tokens: item.output },
    new Date("2026-11-25T00:00:00Z"),
  );
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

const perMillion = (tokens: bigint, price: string): Money => money(tokens.toString()).times(price).dividedBy(1_000_000);
type Window = typeof WINDOW;
const inWindow = (item: Usage, window: Window = WINDOW) =>
  Date.parse(item.at) >= window.from.getTime() && Date.parse(item.at) < window.to.getTime();

/**
 * The draft's charges worked out directly, not through the rating engine: the period (November, anchor day 1)
 * starts before the window, so its earlier events use up the allowance and fill the first tier first; only events
 * in the window are summed; the tenant's discount applies to each event's charge.
 */
function expectedAfter(tenantId: string, window: Window = WINDOW): Money {
  let freeLeft = ALLOWANCE;
  let outputSoFar = 0n;
  let total = money("0");
  for (const item of usage[tenantId] ?? []) {
    if (Date.parse(item.at) >= window.to.getTime()) continue;
    const input = BigInt(item.input);
    const free = input < freeLeft ? input : freeLeft;
    freeLeft -= free;
    const output = BigInt(item.output);
    const atTier1 =
      outputSoFar >= TIER_UP_TO ? 0n : TIER_UP_TO - outputSoFar < output ? TIER_UP_TO - outputSoFar : output;
    outputSoFar += output;
    const charge = perMillion(input - free, DRAFT.input)
      .plus(perMillion(atTier1, DRAFT.output))
      .plus(perMillion(output - atTier1, TIER_2))
      .times(money("100").minus(DISCOUNT[tenantId] ?? "0"))
      .dividedBy(100);
    if (inWindow(item, window)) total = total.plus(charge);
  }
  return total;
}

/** What the published plan charged the window's events (the ledger must say the same). */
function expectedBefore(tenantId: string, window: Window = WINDOW): Money {
  let total = money("0");
  for (const item of (usage[tenantId] ?? []).filter((item) => inWindow(item, window))) {
    total = total.plus(
      perMillion(BigInt(item.input), PUBLISHED.input)
        .plus(perMillion(BigInt(item.output), PUBLISHED.output))
        .times(money("100").minus(DISCOUNT[tenantId] ?? "0"))
        .dividedBy(100),
    );
  }
  return total;
}

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 6 });
  db = createDbClient(database.url, { maxConnections: 3 });
  harness = startUsageWorkerHarness(pool);
  ({ versionId: publishedId } = await insertPublishedPlan(pool, {
    model: MODEL,
    rates: PUBLISHED,
    tenants: [
      { id: planTenant, name: "Plain Co" },
      { id: discounted, name: "Discount Co" },
    ],
  }));
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, pricing)
     SELECT $1, plan_id, 2, 'draft', 'USD', '2026-01-01Z', $2 FROM plan_versions WHERE id = $3`,
    [draftId, JSON.stringify(DRAFT_PRICING), publishedId],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $2, 'input', '', $3), ($1, $2, 'output', '', $4)`,
    [draftId, MODEL, DRAFT.input, DRAFT.output],
  );
  await pool.query(
    `INSERT INTO tenant_price_overrides (id, tenant_id, starts_at, discount_percent, reason)
     VALUES ($1, $2, '2026-11-01Z', 10, 'loyalty')`,
    [randomUUID(), discounted],
  );
  for (const [tenantId, items] of Object.entries(usage)) {
    await harness.runJob([{ tenantId, apiKeyId, events: items.map(queued) }]);
  }
});

afterAll(async () => {
  await harness.close();
  await db.$disconnect();
  await pool.end();
  await database.drop();
});

const exact = (value: Money | string) => toDecimalString(typeof value === "string" ? money(value) : value);

describe("simulating a draft plan version on recorded usage", () => {
  let simulationId: string;

  it("rates the window with the whole engine through the queued job: after as computed, before = the ledger", async () => {
    const prefix = `{tg-sim-test-${randomUUID().slice(0, 8)}}`;
    const connection = createRedis("redis://127.0.0.1:6379", "worker");
    const producer = createRedis("redis://127.0.0.1:6379", "producer");
    const queue = createTypedQueue("planSimulation", producer, prefix);
    const worker = startPlanSimulationWorker({
      pool,
      connection,
      prefix,
      catalog: new CatalogCache(0),
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      run: { chunkSize: 1, pageSize: 2 }, // several pages and chunks even for this little usage
    });
    try {
      const started = await startPlanSimulation(
        db,
        {
          versionId: draftId,
          scope: { kind: "plan", planId: await planOf(draftId) },
          window: { kind: "last_days", days: 10 },
        },
        { actor: operator },
        {
          now: NOW,
          planSimulations: {
            enqueue: (id) => queue.add(planSimulationJobId(id), { simulationId: id }).then(() => undefined),
          },
        },
      );
      simulationId = started.id;
      expect(started).toMatchObject({ status: "queued", windowFrom: WINDOW.from, windowTo: WINDOW.to });
      const done = await waitFor(async () => {
        const view = await getPlanSimulation(db, simulationId);
        return view.status === "succeeded" || view.status === "failed" ? view : null;
      });
      expect(done).toMatchObject({ status: "succeeded", tenantsTotal: 2, tenantsDone: 2, error: null });
    } finally {
      await worker.close();
      await queue.close();
      const keys = await producer.keys(`${prefix}*`);
      if (keys.length > 0) await producer.del(...keys);
      producer.disconnect();
      connection.disconnect();
    }

    const ledger = await pool.query<{ tenant_id: string; total: string }>(
      `SELECT tenant_id, sum(amount)::text AS total FROM ledger_entries
        WHERE kind = 'usage_charge' AND occurred_at >= $1 AND occurred_at < $2 GROUP BY tenant_id`,
      [WINDOW.from, WINDOW.to],
    );
    const ledgerOf = new Map(ledger.rows.map((row) => [row.tenant_id, exact(row.total)]));
    const page = await listSimulationResults(db, simulationId, { sort: "tenant", direction: "asc", limit: 10 });
    expect(page.results.map((r) => [r.tenantName, r.before, r.after, r.difference, r.events])).toEqual(
      [discounted, planTenant].map((id) => {
        const before = expectedBefore(id);
        const after = expectedAfter(id);
        return [
          id === planTenant ? "Plain Co" : "Discount Co",
          exact(before),
          exact(after),
          exact(after.minus(before)),
          String((usage[id] ?? []).filter((item) => inWindow(item)).length),
        ];
      }),
    );
    // before is the ledger's own number, and the hand computation agrees with it.
    for (const result of page.results) expect(result.before).toBe(ledgerOf.get(result.tenantId));
    // The draft really differs: allowance and tiers moved the amounts (not just a copy of before).
    expect(page.results.every((r) => r.after !== r.before)).toBe(true);
    const view = await getPlanSimulation(db, simulationId);
    const sum = (pick: (id: string) => Money) => exact(pick(planTenant).plus(pick(discounted)));
    expect(view.totals).toMatchObject({ before: sum(expectedBefore), after: sum(expectedAfter) });
  });

  it("a resumed or repeated run stores each tenant once and recomputes nothing already stored", async () => {
    const before = await pool.query(
      "SELECT * FROM plan_simulation_results WHERE simulation_id = $1 ORDER BY tenant_id",
      [simulationId],
    );
    // As if the job was killed after the first tenant: one result lost, the row still running.
    await pool.query("DELETE FROM plan_simulation_results WHERE simulation_id = $1 AND tenant_id = $2", [
      simulationId,
      discounted,
    ]);
    await pool.query("UPDATE plan_simulations SET status = 'running', tenants_done = 1 WHERE id = $1", [simulationId]);
    // A stored tenant is skipped: a marker on its row survives the rerun.
    await pool.query(
      "UPDATE plan_simulation_results SET events = events + 1000 WHERE simulation_id = $1 AND tenant_id = $2",
      [simulationId, planTenant],
    );
    expect(await runPlanSimulation(pool, new CatalogCache(0), simulationId)).toBe(true);
    await pool.query(
      "UPDATE plan_simulation_results SET events = events - 1000 WHERE simulation_id = $1 AND tenant_id = $2",
      [simulationId, planTenant],
    );
    const after = await pool.query(
      "SELECT * FROM plan_simulation_results WHERE simulation_id = $1 ORDER BY tenant_id",
      [simulationId],
    );
    expect(after.rows).toEqual(before.rows);
    // A duplicate delivery of the finished job changes nothing either.
    expect(await runPlanSimulation(pool, new CatalogCache(0), simulationId)).toBe(false);
    expect(await getPlanSimulation(db, simulationId)).toMatchObject({ status: "succeeded", tenantsDone: 2 });
  });

  it("over a whole billing period, adds the draft's minimum commitment true-up to after, as a close would", async () => {
    const november = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
    const started = await startPlanSimulation(
      db,
      { versionId: draftId, scope: { kind: "all" }, window: { kind: "last_month" } },
      { actor: operator },
      { now: new Date("2026-12-01T05:00:00Z"), planSimulations: { enqueue: () => Promise.resolve() } },
    );
    expect(await runPlanSimulation(pool, new CatalogCache(0), started.id)).toBe(true);
    const page = await listSimulationResults(db, started.id, { sort: "tenant", direction: "asc", limit: 10 });
    expect(page.results.map((r) => [r.tenantId, r.before, r.after])).toEqual(
      [discounted, planTenant].map((id) => {
        // Subscribed all month: the whole minimum is due, less what usage charged (never below zero).
        const charged = expectedAfter(id, november);
        const trueUp = money(MINIMUM).minus(charged);
        const after = trueUp.isPositive() ? charged.plus(trueUp) : charged;
        return [id, exact(expectedBefore(id, november)), exact(after)];
      }),
    );
    // The minimum bit for both: each tenant's after is the minimum itself.
    expect(page.results.map((r) => r.after)).toEqual([MINIMUM, MINIMUM]);
  });

  it("publishes the draft and migrates exactly the simulated tenants in one confirmed step", async () => {
    await expect(publishAndMigrate(db, { simulationId, confirmTenants: 3 }, { actor: operator })).rejects.toMatchObject(
      {
        code: "conflict",
        message: "confirm_tenants: the simulation has 2 tenants, not 3",
      },
    );
    await expect(
      publishAndMigrate(
        db,
        { simulationId, confirmTenants: 2 },
        { actor: { kind: "api_key", keyId: null, prefix: "t", tenantId: planTenant, scopes: ["read"] } },
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    // A draft edited after the simulation is not what was simulated.
    await pool.query(
      "UPDATE plan_rates SET price_per_million = 13 WHERE plan_version_id = $1 AND token_type = 'output'",
      [draftId],
    );
    await expect(publishAndMigrate(db, { simulationId, confirmTenants: 2 }, { actor: operator })).rejects.toMatchObject(
      {
        code: "conflict",
      },
    );
    await pool.query(
      "UPDATE plan_rates SET price_per_million = 12 WHERE plan_version_id = $1 AND token_type = 'output'",
      [draftId],
    );

    const result = await publishAndMigrate(db, { simulationId, confirmTenants: 2 }, { actor: operator, reason: "go" });
    expect(result.migratedTenants.sort()).toEqual([planTenant, discounted].sort());
    expect(result.simulation).toMatchObject({ versionStatus: "published" });
    const current = await pool.query<{ tenant_id: string; plan_version_id: string }>(
      "SELECT tenant_id, plan_version_id FROM subscriptions WHERE ends_at IS NULL ORDER BY tenant_id",
    );
    expect(current.rows.map((row) => row.plan_version_id)).toEqual([draftId, draftId]);
    await expect(publishAndMigrate(db, { simulationId, confirmTenants: 2 }, { actor: operator })).rejects.toMatchObject(
      {
        code: "conflict",
      },
    );
  });
});

async function planOf(versionId: string): Promise<string> {
  const rows = await pool.query<{ plan_id: string }>("SELECT plan_id FROM plan_versions WHERE id = $1", [versionId]);
  const planId = rows.rows[0]?.plan_id;
  if (!planId) throw new Error("no plan");
  return planId;
}

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
