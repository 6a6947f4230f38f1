import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { parseUsageEvent, type QueuedUsageEvent } from "@tollgate/domain";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyDeferredAggregates, drainAggregateOutbox } from "../src/jobs/deferred-aggregates.ts";
import { recordUsageJob } from "../src/jobs/record-usage.ts";
import type { DeferredAggregate } from "../src/store/aggregate-outbox.ts";
import { CatalogCache } from "../src/store/catalog-cache.ts";
import { insertPublishedPlan } from "./support/published-plan.ts";

/**
 * The daily rollups and task totals are applied after the recording transaction, from the aggregate outbox it
 * commits. A worker that stops between the commit and the apply (simulated by a trigger that makes the apply fail)
 * loses nothing: the drain applies the increments once, a retried job adds none, and a drain racing the job's own
 * apply applies each row once. Checked against the hourly rollups and the raw events, summed in Postgres.
 */
const KNOWN = "acme/known";
let database: TestDatabase;
let pool: pg.Pool;
const tenantId = randomUUID();
const deps = { catalog: new CatalogCache(0) };

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 6 });
  await insertPublishedPlan(pool, {
    model: KNOWN,
    rates: { input: "2.13", output: "10.7", cached_input: "0.21" },
    tenants: [{ id: tenantId, name: "Outbox Inc" }],
  });
  await pool.query(`CREATE FUNCTION interrupt_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'worker stopped before applying'; END $$`);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

/** Jobs from here on commit their outbox rows but cannot apply them, as if the worker stopped after the commit. */
async function interruptApplies(on: boolean): Promise<void> {
  await pool.query(
    on
      ? "CREATE TRIGGER interrupt_apply BEFORE DELETE ON aggregate_outbox FOR EACH ROW EXECUTE FUNCTION interrupt_apply()"
      : "DROP TRIGGER interrupt_apply ON aggregate_outbox",
  );
}

function usageEvents(prefix: string, count: number): QueuedUsageEvent[] {
  return Array.from({ length: count }, (_, index) => {
    const parsed = parseUsageEvent(
      {
        id: `${prefix}-${index.toString()}`,
        model: KNOWN,
        // Two UTC days, several hours each.
        timestamp: new Date(Date.UTC(2026, 10, 20 + (index % 2), index % 5, index % 60)).toISOString(),
        input_tokens: 1_000 + index * 7,
        cached_input_tokens: 30_000 + index,
        output_tokens: 333 + index,
        customer: `customer-${(index % 3).toString()}`,
        agent: index % 4 === 0 ? undefined : `agent-${(index % 2).toString()}`,
        task_id: index % 5 === 0 ? undefined : `task-${(index % 6).toString()}`,
      },
      new Date("2026-12-03T00:00:00Z"),
    );
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.event;
  });
}

function payload(events: QueuedUsageEvent[]) {
  return { receivedAt: "2026-12-03T00:00:00.000Z", batches: [{ tenantId, apiKeyId: null, events }] };
}

async function count(sql: string): Promise<number> {
  const { rows } = await pool.query<{ count: string }>(sql);
  return Number(rows[0]?.count);
}

/** Daily rows that differ from the sum of their hourly rows (either side missing included). */
const dailyMismatches = () =>
  count(`WITH h AS (
      SELECT tenant_id, date_trunc('day', hour, 'UTC') AS day, model_id, api_key_id, customer, agent,
             sum(event_count) AS events, sum(input_tokens) AS input, sum(cached_input_tokens) AS cached,
             sum(output_tokens) AS output, sum(amount) AS amount, sum(output_amount) AS output_amount
        FROM usage_rollups_hourly GROUP BY 1, 2, 3, 4, 5, 6)
    SELECT count(*) FROM h FULL JOIN usage_rollups_daily d USING (tenant_id, day, model_id, api_key_id, customer, agent)
     WHERE h.events IS DISTINCT FROM d.event_count OR h.input IS DISTINCT FROM d.input_tokens
        OR h.cached IS DISTINCT FROM d.cached_input_tokens OR h.output IS DISTINCT FROM d.output_tokens
        OR h.amount IS DISTINCT FROM d.amount OR h.output_amount IS DISTINCT FROM d.output_amount`);

/** Task total rows that differ from the raw events with that task_id (either side missing included). */
const taskMismatches = () =>
  count(`WITH e AS (
      SELECT tenant_id, date_trunc('month', occurred_at, 'UTC') AS month, task_id, model_id, count(*) AS events,
             sum(input_tokens) AS input, sum(output_tokens) AS output, sum(amount) AS amount
        FROM usage_events WHERE task_id IS NOT NULL GROUP BY 1, 2, 3, 4)
    SELECT count(*) FROM e FULL JOIN usage_task_totals t USING (tenant_id, month, task_id, model_id)
     WHERE e.events IS DISTINCT FROM t.event_count OR e.input IS DISTINCT FROM t.input_tokens
        OR e.output IS DISTINCT FROM t.output_tokens OR e.amount IS DISTINCT FROM t.amount`);

/** The job's own outbox rows (the ledger trigger's tenant_spend rows are the drain's, see tenant-spend.test.ts). */
const outboxRows = () => count("SELECT count(*) FROM aggregate_outbox WHERE kind <> 'tenant_spend'");

describe("aggregate outbox", () => {
  it("a job applies its own increments right after its commit", async () => {
    const recorded = await recordUsageJob(pool, payload(usageEvents("live", 60)), deps);
    expect(recorded.inserted).toBe(60);
    expect(await count("SELECT count(*) FROM usage_rollups_daily")).toBeGreaterThan(0);
    expect(await count("SELECT count(*) FROM usage_task_totals")).toBeGreaterThan(0);
    expect(await outboxRows()).toBe(0);
    expect(await dailyMismatches()).toBe(0);
    expect(await taskMismatches()).toBe(0);
  });

  it("a stop between commit and apply loses nothing: the drain applies once, a retried job adds nothing", async () => {
    const events = usageEvents("stopped", 80);
    await interruptApplies(true);
    await expect(recordUsageJob(pool, payload(events), deps)).rejects.toThrow(/worker stopped before applying/);
    await interruptApplies(false);
    // Committed: events, ledger and hourly rollups; the daily rows and task totals wait in the outbox.
    expect(await count("SELECT count(*) FROM usage_events WHERE event_id LIKE 'stopped-%'")).toBe(80);
    expect(await outboxRows()).toBe(2);
    expect(await dailyMismatches()).toBeGreaterThan(0);
    expect(await taskMismatches()).toBeGreaterThan(0);

    // The queue retries the job: every event is stored, so it writes (and defers) nothing.
    const retried = await recordUsageJob(pool, payload(events), deps);
    expect(retried).toMatchObject({ inserted: 0, duplicates: 80 });
    expect(await outboxRows()).toBe(2);

    // Rows younger than the drain's age limit are left to their job.
    expect(await drainAggregateOutbox(pool, 60_000)).toBe(0);
    expect(await drainAggregateOutbox(pool, 0)).toBe(2);
    expect(await outboxRows()).toBe(0);
    expect(await dailyMismatches()).toBe(0);
    expect(await taskMismatches()).toBe(0);
    expect(await drainAggregateOutbox(pool, 0)).toBe(0);
    expect(await dailyMismatches()).toBe(0);
    expect(await taskMismatches()).toBe(0);
  });

  it("a drain racing the job's own apply applies each row once", async () => {
    for (let round = 0; round < 5; round += 1) {
      await interruptApplies(true);
      await expect(recordUsageJob(pool, payload(usageEvents(`race${round.toString()}`, 40)), deps)).rejects.toThrow(
        /worker stopped before applying/,
      );
      await interruptApplies(false);
      const { rows } = await pool.query<DeferredAggregate & { params: string }>(
        "SELECT id::text, kind, params FROM aggregate_outbox WHERE kind <> 'tenant_spend'",
      );
      expect(rows).toHaveLength(2);
      const items = rows.map((row) => ({ ...row, params: JSON.parse(row.params) as string[] }));
      await Promise.all([applyDeferredAggregates(pool, items), drainAggregateOutbox(pool, 0)]);
      expect(await outboxRows()).toBe(0);
      expect(await dailyMismatches()).toBe(0);
      expect(await taskMismatches()).toBe(0);
    }
  });
  it("several jobs' rows applied in one transaction sum per key, keeping the first job's agent", async () => {
    const task = (prefix: string, agent: string | undefined) =>
      usageEvents(prefix, 30).map((event) => ({ ...event, task_id: "shared-task", agent }));
    await interruptApplies(true);
    // The same days, hours, customers and task in every job; the first has no agent, the next two different ones.
    for (const [prefix, agent] of [
      ["merged0", undefined],
      ["merged1", "agent-first"],
      ["merged2", "agent-later"],
    ] as const) {
      await expect(recordUsageJob(pool, payload(task(prefix, agent)), deps)).rejects.toThrow(/worker stopped/);
    }
    await interruptApplies(false);
    const { rows } = await pool.query<DeferredAggregate>(
      "SELECT id::text, kind FROM aggregate_outbox WHERE kind <> 'tenant_spend' ORDER BY id",
    );
    expect(rows).toHaveLength(6);
    expect(await applyDeferredAggregates(pool, rows)).toBe(6);
    expect(await applyDeferredAggregates(pool, rows)).toBe(0);
    expect(await outboxRows()).toBe(0);
    expect(await dailyMismatches()).toBe(0);
    expect(await taskMismatches()).toBe(0);
    const agents = await pool.query<{ agent: string }>(
      "SELECT DISTINCT agent FROM usage_task_totals WHERE task_id = 'shared-task'",
    );
    expect(agents.rows).toEqual([{ agent: "agent-first" }]);
  });
});
