import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface TaskPage {
  month: string;
  currency: string;
  tasks: { task_id: string; agent: string | null; models: string[]; amount: string; rounded_amount: string }[];
  next_cursor: string | null;
  agents: string[];
}
interface TaskDetail {
  task_id: string;
  agent: string | null;
  event_count: string;
  amount: string;
  rounded_amount: string;
  lines: { model: string; token_type: string | null; tokens: string; amount: string; rounded_amount: string }[];
}

let testApp: ApiTestApp;
let keys: TenantKeys;
const APRIL = new Date("2026-04-01T00:00:00Z");
const seen = new Date("2026-04-10T12:00:00Z");

/** Both shapes in one type: each test reads the fields of the route it calls. */
const get = (url: string, key = keys.keyA) => call<TaskPage & TaskDetail>(testApp.app, "GET", url, key);

beforeAll(async () => {
  testApp = await startApiTestApp();
  const { db } = testApp;
  keys = await createTenantKeys(db);
  const a = keys.tenantA;
  const row = (taskId: string, modelId: string, agent: string, fields: Record<string, unknown>) => ({
    tenantId: a,
    month: APRIL,
    taskId,
    modelId,
    agent,
    firstSeenAt: seen,
    lastSeenAt: seen,
    eventCount: 1n,
    ...fields,
  });
  await db.usageTaskTotal.createMany({
    data: [
      // 5.005 on m1 (2 input, 3 output, 0.005 request fees) + 1.111 on m2 = 6.116.
      row("t-big", "m1", "planner", {
        eventCount: 3n,
        inputTokens: 1000n,
        outputTokens: 300n,
        amount: "5.005",
        inputAmount: "2",
        outputAmount: "3",
        lastSeenAt: new Date("2026-04-11T08:00:00Z"),
      }),
      row("t-big", "m2", "planner", { inputTokens: 555n, amount: "1.111", inputAmount: "1.111" }),
      row("t-mid", "m1", "coder", { inputTokens: 1000n, amount: "2", inputAmount: "2" }),
      row("t-tie-b", "m1", "coder", { inputTokens: 500n, amount: "1", inputAmount: "1" }),
      row("t-tie-a", "m1", "coder", { inputTokens: 500n, amount: "1", inputAmount: "1" }),
      // Unrated only: listed last, at 0.
      row("t-zero", "m3", "", { unratedCount: 1n, inputTokens: 10n }),
      // Another month, and another tenant: never in A's April.
      row("t-may", "m1", "coder", { month: new Date("2026-05-01T00:00:00Z"), amount: "100", inputAmount: "100" }),
      { ...row("t-b", "m1", "coder", { amount: "50", inputAmount: "50" }), tenantId: keys.tenantB },
    ],
  });
});

afterAll(async () => {
  await testApp.close();
});

describe("GET /v1/tasks", () => {
  it("lists the month's tasks by amount, then id, page by page", async () => {
    const ids: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const response = await get(`/v1/tasks?month=2026-04&limit=2${query}`);
      expect(response.status).toBe(200);
      ids.push(response.body.tasks.map((task) => task.task_id));
      cursor = response.body.next_cursor;
    } while (cursor);
    expect(ids).toEqual([["t-big", "t-mid"], ["t-tie-a", "t-tie-b"], ["t-zero"]]);
  });

  it("shows agent, models (costliest first) and amounts, and filters by agent", async () => {
    const all = await get("/v1/tasks?month=2026-04");
    expect(all.body.currency).toBe("USD");
    expect(all.body.tasks[0]).toMatchObject({
      task_id: "t-big",
      agent: "planner",
      models: ["m1", "m2"],
      amount: "6.116",
      rounded_amount: "6.12",
    });
    expect(all.body.tasks.at(-1)).toMatchObject({ task_id: "t-zero", agent: null, amount: "0" });
    const coder = await get("/v1/tasks?month=2026-04&agent=coder");
    expect(coder.body.tasks.map((task) => task.task_id)).toEqual(["t-mid", "t-tie-a", "t-tie-b"]);
  });

  it("sorts by tokens, events or last seen, page by page, ties by task id", async () => {
    const pagedIds = async (query: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const response = await get(`/v1/tasks?month=2026-04&limit=2&${query}${after}`);
        expect(response.status).toBe(200);
        ids.push(...response.body.tasks.map((task) => task.task_id));
        cursor = response.body.next_cursor;
      } while (cursor);
      return ids;
    };
    // t-big: 1855 tokens, t-mid 1000, the ties 500, t-zero 10.
    expect(await pagedIds("sort=tokens")).toEqual(["t-big", "t-mid", "t-tie-a", "t-tie-b", "t-zero"]);
    // t-big has 4 events, the others one each.
    expect(await pagedIds("sort=events")).toEqual(["t-big", "t-mid", "t-tie-a", "t-tie-b", "t-zero"]);
    // t-big was last seen a day after the others, which tie.
    expect(await pagedIds("sort=last_seen")).toEqual(["t-big", "t-mid", "t-tie-a", "t-tie-b", "t-zero"]);
    expect((await get("/v1/tasks?month=2026-04&sort=cost")).status).toBe(400);
  });

  it("searches by task id prefix, literally, and lists the month's agents whatever the filters", async () => {
    const ties = await get("/v1/tasks?month=2026-04&task_id_prefix=t-tie");
    expect(ties.body.tasks.map((task) => task.task_id)).toEqual(["t-tie-a", "t-tie-b"]);
    expect(ties.body.agents).toEqual(["coder", "planner"]);
    // "_" and "%" are not wildcards: "t_" matches no id ("t-..." ids only).
    expect((await get("/v1/tasks?month=2026-04&task_id_prefix=t_")).body.tasks).toEqual([]);
    expect((await get("/v1/tasks?month=2026-04&task_id_prefix=%25")).body.tasks).toEqual([]);
    const none = await get("/v1/tasks?month=2026-03");
    expect(none.body).toMatchObject({ tasks: [], agents: [], next_cursor: null });
  });

  it("refuses a cursor altered or issued for another agent, and a bad month", async () => {
    const first = await get("/v1/tasks?month=2026-04&limit=1");
    const cursor = first.body.next_cursor ?? "";
    expect((await get(`/v1/tasks?month=2026-04&limit=1&agent=coder&cursor=${encodeURIComponent(cursor)}`)).status).toBe(
      400,
    );
    expect((await get(`/v1/tasks?month=2026-04&cursor=${encodeURIComponent(`x${cursor}`)}`)).status).toBe(400);
    // A cursor of one sort or search is no position in another.
    expect((await get(`/v1/tasks?month=2026-04&limit=1&sort=events&cursor=${encodeURIComponent(cursor)}`)).status).toBe(
      400,
    );
    expect(
      (await get(`/v1/tasks?month=2026-04&limit=1&task_id_prefix=t&cursor=${encodeURIComponent(cursor)}`)).status,
    ).toBe(400);
    expect((await get("/v1/tasks?month=2026-13")).status).toBe(400);
    expect((await get("/v1/tasks?month=April")).status).toBe(400);
  });
});

describe("GET /v1/tasks/{task_id}", () => {
  it("breaks a task down by model and token type, rounded lines adding up to the rounded total", async () => {
    const response = await get("/v1/tasks/t-big?month=2026-04");
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ task_id: "t-big", agent: "planner", event_count: "4", amount: "6.116" });
    // Truncated 2 + 3 + 0 + 1.11 = 6.11; the missing cent goes to the largest remainder (the fees' half cent).
    expect(response.body.lines).toEqual([
      { model: "m1", token_type: "input", tokens: "1000", amount: "2", rounded_amount: "2" },
      { model: "m1", token_type: "output", tokens: "300", amount: "3", rounded_amount: "3" },
      { model: "m1", token_type: null, tokens: "0", amount: "0.005", rounded_amount: "0.01" },
      { model: "m2", token_type: "input", tokens: "555", amount: "1.111", rounded_amount: "1.11" },
    ]);
    expect(response.body.rounded_amount).toBe("6.12");
  });

  it("is a 404 for a task without usage that month or of another tenant", async () => {
    expect((await get("/v1/tasks/t-big?month=2026-05")).status).toBe(404);
    expect((await get("/v1/tasks/nothing?month=2026-04")).status).toBe(404);
    expect((await get("/v1/tasks/t-b?month=2026-04")).status).toBe(404);
    expect((await get("/v1/tasks/t-b?month=2026-04", keys.keyB)).status).toBe(200);
  });
});
