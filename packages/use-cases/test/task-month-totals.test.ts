import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { listTasks, TASK_SORTS, type TaskPosition, type TaskSummary } from "@tollgate/use-cases/tasks";

/**
 * usage_task_month_totals (kept by triggers on usage_task_totals) must always be usage_task_totals summed per task:
 * after inserts, the worker's additive upserts (agents filled in later, negative re-rating increments), updates and
 * deletes; and the task list ranked on it must page exactly as the per-model rows summed per task do, for every sort,
 * with ties.
 */
const MONTH = new Date("2026-10-01T00:00:00Z");
let database: TestDatabase;
let db: Db;
let tenantId: string;

/** Adds increments as the worker's apply does (ON CONFLICT adds; an agent fills in only an empty one). */
async function addIncrements(rows: [task: string, model: string, agent: string, events: number, amount: string][]) {
  const at = new Date(MONTH.getTime() + rows.length * 3_600_000);
  for (const [task, model, agent, events, amount] of rows) {
    await db.$executeRaw`
      INSERT INTO usage_task_totals AS t (tenant_id, month, task_id, model_id, agent, first_seen_at, last_seen_at,
        event_count, input_tokens, output_tokens, amount)
      VALUES (${tenantId}::uuid, ${MONTH}, ${task}, ${model}, ${agent}, ${at}, ${at}, ${events}, ${events * 100},
        ${events * 10}, ${amount}::numeric)
      ON CONFLICT (tenant_id, month, task_id, model_id) DO UPDATE SET
        agent = CASE WHEN t.agent = '' THEN EXCLUDED.agent ELSE t.agent END,
        first_seen_at = LEAST(t.first_seen_at, EXCLUDED.first_seen_at),
        last_seen_at = GREATEST(t.last_seen_at, EXCLUDED.last_seen_at),
        event_count = t.event_count + EXCLUDED.event_count, input_tokens = t.input_tokens + EXCLUDED.input_tokens,
        output_tokens = t.output_tokens + EXCLUDED.output_tokens, amount = t.amount + EXCLUDED.amount`;
  }
}

/** The per-task table and the per-model rows summed per task, as comparable rows. */
async function bothSums(): Promise<[unknown[], unknown[]]> {
  const kept = await db.$queryRaw<unknown[]>`
    SELECT task_id, agent, first_seen_at, last_seen_at, event_count::text, input_tokens::text, output_tokens::text,
           amount::text
      FROM usage_task_month_totals WHERE tenant_id = ${tenantId}::uuid ORDER BY task_id`;
  const summed = await db.$queryRaw<unknown[]>`
    SELECT task_id, coalesce(min(NULLIF(agent, '')), '') AS agent, min(first_seen_at) AS first_seen_at,
           max(last_seen_at) AS last_seen_at, sum(event_count)::text AS event_count,
           sum(input_tokens)::text AS input_tokens, sum(output_tokens)::text AS output_tokens, sum(amount)::text AS amount
      FROM usage_task_totals WHERE tenant_id = ${tenantId}::uuid GROUP BY task_id ORDER BY task_id`;
  return [kept, summed];
}

/** Every page of the list, `limit` a page. */
async function allPages(sort: (typeof TASK_SORTS)[number], limit: number): Promise<TaskSummary[]> {
  const tasks: TaskSummary[] = [];
  let after: TaskPosition | null = null;
  for (;;) {
    const page = await listTasks(db, tenantId, { month: MONTH, sort, limit, after });
    tasks.push(...page.tasks);
    if (!page.next) return tasks;
    after = page.next;
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  tenantId = (await db.tenant.create({ data: { name: "Tasks", slug: "tasks" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("usage_task_month_totals", () => {
  it("is usage_task_totals summed per task after inserts, upserts, re-rating, updates and deletes", async () => {
    await addIncrements([
      ["a", "m1", "", 2, "1.5"],
      ["a", "m2", "zed", 1, "0.25"],
      ["b", "m1", "", 3, "1.75"],
      ["c", "m3", "bob", 1, "1.75"],
    ]);
    expect((await bothSums())[0]).toHaveLength(3);
    // The agent of a's m1 row fills in later, and sorts before zed; a re-rating moves b's amount down.
    await addIncrements([
      ["a", "m1", "abe", 1, "0.5"],
      ["b", "m1", "", 0, "-0.5"],
      ["d", "m2", "", 4, "1.25"],
    ]);
    let [kept, summed] = await bothSums();
    expect(kept).toEqual(summed);
    await db.$executeRaw`UPDATE usage_task_totals SET amount = amount * 2 WHERE tenant_id = ${tenantId}::uuid
                          AND model_id = 'm1'`;
    [kept, summed] = await bothSums();
    expect(kept).toEqual(summed);
    // a keeps m1 (agent abe) only; c has no row left and leaves the list.
    await db.$executeRaw`DELETE FROM usage_task_totals WHERE tenant_id = ${tenantId}::uuid
                          AND (model_id = 'm2' AND task_id = 'a' OR task_id = 'c')`;
    [kept, summed] = await bothSums();
    expect(kept).toEqual(summed);
    expect(kept.map((row) => (row as { task_id: string }).task_id)).toEqual(["a", "b", "d"]);
  });

  it("ranks the list as the per-model rows summed per task, for every sort and page size", async () => {
    // Ties on every sort: equal amounts, tokens and events across tasks, on one model or spread over two.
    const rows: [string, string, string, number, string][] = [];
    for (let n = 0; n < 40; n += 1) {
      const task = `t-${String(n % 17).padStart(2, "0")}`;
      rows.push([
        task,
        `m${String(n % 3)}`,
        n % 5 === 0 ? "" : `agent-${String(n % 4)}`,
        1 + (n % 3),
        `${String(n % 4)}.5`,
      ]);
    }
    await addIncrements(rows);
    const [kept, summed] = await bothSums();
    expect(kept).toEqual(summed);
    for (const sort of TASK_SORTS) {
      const reference = await db.$queryRaw<{ task_id: string }[]>`
        SELECT task_id FROM usage_task_totals WHERE tenant_id = ${tenantId}::uuid AND month = ${MONTH}
         GROUP BY task_id
         ORDER BY CASE ${sort} WHEN 'amount' THEN sum(amount)
                               WHEN 'tokens' THEN sum(input_tokens + cached_input_tokens + cache_write_tokens
                                                      + output_tokens + reasoning_tokens)
                               WHEN 'events' THEN sum(event_count) END DESC,
                  CASE WHEN ${sort} = 'last_seen' THEN max(last_seen_at) END DESC, task_id`;
      for (const limit of [1, 3, 200]) {
        const listed = await allPages(sort, limit);
        expect(listed.map((task) => task.taskId)).toEqual(reference.map((row) => row.task_id));
        expect(listed).toEqual(await allPages(sort, 200));
      }
    }
    const page = await listTasks(db, tenantId, { month: MONTH, limit: 50 });
    expect(page.agents).toEqual(["abe", "agent-0", "agent-1", "agent-2", "agent-3"]);
    const a = page.tasks.find((task) => task.taskId === "a");
    expect(a).toMatchObject({ agent: "abe", models: ["m1"], eventCount: "3" });
  });
});
