import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { createModel } from "@tollgate/use-cases/catalog";
import { money, parseUsageEvent, toDecimalString, type QueuedUsageEvent } from "@tollgate/domain";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordUsageJob } from "../src/jobs/record-usage.ts";
import { CatalogCache } from "../src/store/catalog-cache.ts";
import { insertPublishedPlan } from "./support/published-plan.ts";
import { startRatingSweepHarness, type RatingSweepHarness } from "./support/run-rating-sweep-worker.ts";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * The per-task totals (usage_task_totals) and the rollups' amounts per token type, written by the real usage worker
 * and the real rating sweep: totals equal the hand computation, a retried job counts nothing twice, and re-rating
 * moves an event from unrated to rated (and to its catalog model) in the task totals as in the rollups.
 */
const KNOWN = "acme/known";
let database: TestDatabase;
let pool: pg.Pool;
let db: Db;
let usage: UsageWorkerHarness;
let sweeps: RatingSweepHarness;
const tenantId = randomUUID();
const apiKeyId = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 6 });
  db = createDbClient(database.url, { maxConnections: 2 });
  usage = startUsageWorkerHarness(pool);
  sweeps = startRatingSweepHarness(pool, 1);
  await sweeps.ready;
  await insertPublishedPlan(pool, {
    model: KNOWN,
    rates: { input: "2", output: "10", cached_input: "1" },
    // Provider cost × 2 for the newco models, once the catalog knows their cost.
    pricing: { model_markups: [{ models: ["newco/*"], markup_percent: "100" }] },
    tenants: [{ id: tenantId, name: "Tasks Inc" }],
  });
});

afterAll(async () => {
  await sweeps.close();
  await usage.close();
  await db.$disconnect();
  await pool.end();
  await database.drop();
});

const exact = (value: string) => toDecimalString(money(value));

function event(id: string, model: string, timestamp: string, fields: Record<string, unknown>): QueuedUsageEvent {
  const parsed = parseUsageEvent({ id, model, timestamp, ...fields }, new Date("2026-12-03T00:00:00Z"));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

type TaskTotalRow = Record<
  | "month"
  | "task_id"
  | "model_id"
  | "agent"
  | "first"
  | "last"
  | "events"
  | "unrated"
  | "input"
  | "cached"
  | "output"
  | "amount"
  | "input_amount"
  | "cached_input_amount"
  | "output_amount",
  string
>;

async function taskTotals(): Promise<TaskTotalRow[]> {
  const rows = await pool.query<TaskTotalRow>(
    `SELECT to_char(month AT TIME ZONE 'UTC', 'YYYY-MM') AS month, task_id, model_id, agent,
            first_seen_at::text AS first, last_seen_at::text AS last, event_count::text AS events,
            unrated_count::text AS unrated, input_tokens::text AS input, cached_input_tokens::text AS cached,
            output_tokens::text AS output, amount::text, input_amount::text, cached_input_amount::text,
            output_amount::text
       FROM usage_task_totals WHERE tenant_id = $1 ORDER BY month, task_id, model_id`,
    [tenantId],
  );
  return rows.rows.map((row) => ({
    ...row,
    amount: exact(row.amount),
    input_amount: exact(row.input_amount),
    cached_input_amount: exact(row.cached_input_amount),
    output_amount: exact(row.output_amount),
  }));
}

const first = [
  // 1M input × 2 + 100k output × 10 = 2 + 1 = 3.
  event("t1", KNOWN, "2026-11-20T10:05:00Z", {
    input_tokens: 1_000_000,
    output_tokens: 100_000,
    task_id: "task-a",
    agent: "planner",
  }),
  // 200k output × 10 = 2; 2M cached input × 1 = 2 → 4. No agent here: the row keeps "planner".
  event("t2", KNOWN, "2026-11-20T11:30:00Z", {
    output_tokens: 200_000,
    cached_input_tokens: 2_000_000,
    task_id: "task-a",
  }),
  // 500k input × 2 = 1, in December: its own month.
  event("t3", KNOWN, "2026-12-01T00:10:00Z", { input_tokens: 500_000, task_id: "task-b", agent: "coder" }),
  // No task: rollups only.
  event("t4", KNOWN, "2026-11-20T10:10:00Z", { input_tokens: 7_000_000 }),
  // A model name nobody prices yet: unrated.
  event("t5", "beta-latest", "2026-11-20T12:00:00Z", {
    input_tokens: 300_000,
    output_tokens: 100_000,
    task_id: "task-a",
  }),
];

describe("per-task totals", () => {
  it("are written by the usage worker for events with a task_id, and a retried job adds nothing", async () => {
    await usage.runJob([{ tenantId, apiKeyId, events: first }]);
    const expected = [
      {
        month: "2026-11",
        task_id: "task-a",
        model_id: KNOWN,
        agent: "planner",
        first: "2026-11-20 10:05:00+00",
        last: "2026-11-20 11:30:00+00",
        events: "2",
        unrated: "0",
        input: "1000000",
        cached: "2000000",
        output: "300000",
        amount: "7",
        input_amount: "2",
        cached_input_amount: "2",
        output_amount: "3",
      },
      {
        month: "2026-11",
        task_id: "task-a",
        model_id: "beta-latest",
        agent: "",
        first: "2026-11-20 12:00:00+00",
        last: "2026-11-20 12:00:00+00",
        events: "1",
        unrated: "1",
        input: "300000",
        cached: "0",
        output: "100000",
        amount: "0",
        input_amount: "0",
        cached_input_amount: "0",
        output_amount: "0",
      },
      {
        month: "2026-12",
        task_id: "task-b",
        model_id: KNOWN,
        agent: "coder",
        first: "2026-12-01 00:10:00+00",
        last: "2026-12-01 00:10:00+00",
        events: "1",
        unrated: "0",
        input: "500000",
        cached: "0",
        output: "0",
        amount: "1",
        input_amount: "1",
        cached_input_amount: "0",
        output_amount: "0",
      },
    ];
    expect(await taskTotals()).toEqual(expected);

    // The same job again through the real recording path (a retry after a lost acknowledgement): nothing changes.
    const payload = { receivedAt: new Date().toISOString(), batches: [{ tenantId, apiKeyId, events: first }] };
    const retried = await recordUsageJob(pool, payload, { catalog: new CatalogCache(0) });
    expect(retried.inserted).toBe(0);
    expect(await taskTotals()).toEqual(expected);

    // A job mixing a stored event with a new one: only the new one counts (200k input × 2 = 0.4).
    const mixed = await recordUsageJob(
      pool,
      {
        receivedAt: new Date().toISOString(),
        batches: [
          {
            tenantId,
            apiKeyId,
            events: [
              first[2] as QueuedUsageEvent,
              event("t6", KNOWN, "2026-12-02T08:00:00Z", { input_tokens: 200_000, task_id: "task-b" }),
            ],
          },
        ],
      },
      { catalog: new CatalogCache(0) },
    );
    expect(mixed.inserted).toBe(1);
    const taskB = (await taskTotals()).find((row) => row.task_id === "task-b");
    expect(taskB).toMatchObject({
      events: "2",
      input: "700000",
      amount: "1.4",
      input_amount: "1.4",
      last: "2026-12-02 08:00:00+00",
    });
  });

  it("the rollups keep the amount per token type beside the total", async () => {
    const rows = await pool.query<{ amount: string; types: string }>(
      `SELECT sum(amount)::text AS amount,
              sum(input_amount + cached_input_amount + cache_write_amount + output_amount + reasoning_amount)::text
                AS types
         FROM usage_rollups_hourly WHERE tenant_id = $1`,
      [tenantId],
    );
    // 7 + 1 + 0.4 (tasks) + 7M × 2 = 14 (no task).
    expect({ amount: exact(rows.rows[0]?.amount ?? ""), types: exact(rows.rows[0]?.types ?? "") }).toEqual({
      amount: "22.4",
      types: "22.4",
    });
  });

  it("the rating sweep moves a re-rated event from unrated to rated in its task's totals", async () => {
    await createModel(
      db,
      {
        id: "newco/gamma",
        provider: "newco",
        displayName: "Gamma",
        aliases: ["beta-latest"],
        costRates: { effectiveFrom: new Date("2026-01-01T00:00:00Z"), rates: { input: "1", output: "4" } },
      },
      { actor: "system:task-totals-test" as const, reason: "price for a model in use" },
    );
    await sweeps.runSweeps([{ reason: "price_change", tenantId }]);
    const taskA = (await taskTotals()).filter((row) => row.task_id === "task-a");
    // t5 leaves the row of the name it was sent under for its catalog model's: (300k × 1 + 100k × 4) × 2 = 1.4.
    expect(taskA.map((row) => [row.model_id, row.events, row.unrated, row.input, row.output, row.amount])).toEqual([
      [KNOWN, "2", "0", "1000000", "300000", "7"],
      ["beta-latest", "0", "0", "0", "0", "0"],
      ["newco/gamma", "1", "0", "300000", "100000", "1.4"],
    ]);
    expect(taskA[2]).toMatchObject({ input_amount: "0.6", output_amount: "0.8", first: "2026-11-20 12:00:00+00" });
    // A second sweep finds nothing unrated and changes nothing.
    await sweeps.runSweeps([{ reason: "schedule" }]);
    expect((await taskTotals()).filter((row) => row.task_id === "task-a")).toEqual(taskA);
  });
});
