import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface Simulation {
  id: string;
  status: string;
  scope: string;
  scope_ref: string | null;
  window_from: string;
  window_to: string;
}

let testApp: ApiTestApp;
let keys: TenantKeys;
let draftId: string;
let publishedId: string;
let planId: string;

beforeAll(async () => {
  testApp = await startApiTestApp();
  keys = await createTenantKeys(testApp.db);
  const plan = await testApp.db.plan.create({ data: { code: "sim-rest", name: "Sim REST" } });
  planId = plan.id;
  const base = { planId, currency: "USD", effectiveFrom: new Date("2026-01-01Z") };
  publishedId = (
    await testApp.db.planVersion.create({ data: { ...base, version: 1, status: "published", publishedAt: new Date() } })
  ).id;
  draftId = (await testApp.db.planVersion.create({ data: { ...base, version: 2, pricing: {} } })).id;
});

afterAll(async () => {
  await testApp.close();
});

const start = (body: Record<string, unknown>) =>
  call<Simulation & { error?: { message: string } }>(testApp.app, "POST", "/v1/admin/plan-simulations", OPERATOR_KEY, {
    version_id: draftId,
    scope: "plan",
    window: "last_days",
    days: 7,
    ...body,
  });

describe("POST /v1/admin/plan-simulations", () => {
  it("queues a simulation of a draft (202), on its own plan by default, and its job is in the queue", async () => {
    const response = await start({});
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: "queued", scope: "plan", scope_ref: planId });
    const hours = (Date.parse(response.body.window_to) - Date.parse(response.body.window_from)) / 3_600_000;
    expect(hours).toBe(7 * 24);
    const job = await testApp.planSimulationQueue.queue.getJob(`plan-simulation-${response.body.id}`);
    expect(job?.data).toEqual({ simulationId: response.body.id });
  });

  it("answers bad input with a 4xx naming the problem, never a 500", async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ days: 0 }, 400, "days"],
      [{ days: 91 }, 400, "days"],
      [{ days: undefined }, 400, "days: required"],
      [{ scope: "tenant" }, 400, "scope_ref: required"],
      [{ scope: "all", scope_ref: planId }, 400, "scope_ref: not allowed"],
      [{ window: "yesterday" }, 400, "window"],
      [{ version_id: randomUUID() }, 404, "no plan version"],
      [{ version_id: publishedId }, 409, "only a draft"],
      [{ scope: "tenant", scope_ref: randomUUID() }, 404, "no tenant"],
      [{ scope: "plan", scope_ref: randomUUID() }, 404, "no plan"],
    ];
    for (const [body, status, message] of cases) {
      const response = await start(body);
      expect({ body, status: response.status }).toEqual({ body, status });
      expect(JSON.stringify(response.body)).toContain(message);
    }
  });

  it("refuses tenant keys (403) and refuses publishing a simulation that has not finished (409)", async () => {
    const refused = await call(testApp.app, "POST", "/v1/admin/plan-simulations", keys.keyA, {
      version_id: draftId,
      scope: "all",
      window: "last_month",
    });
    expect(refused.status).toBe(403);
    const queued = await start({ scope: "all", scope_ref: undefined, window: "last_month", days: undefined });
    expect(queued.status).toBe(202);
    const publish = await call(
      testApp.app,
      "POST",
      `/v1/admin/plan-simulations/${queued.body.id}/publish-and-migrate`,
      OPERATOR_KEY,
      { confirm_tenants: 0 },
    );
    expect(publish.status).toBe(409);
    const results = await call<{ results: unknown[]; next_cursor: string | null }>(
      testApp.app,
      "GET",
      `/v1/admin/plan-simulations/${queued.body.id}/results?sort=after&direction=asc`,
      OPERATOR_KEY,
    );
    expect(results).toMatchObject({ status: 200, body: { results: [], next_cursor: null } });
    const badCursor = await call(
      testApp.app,
      "GET",
      `/v1/admin/plan-simulations/${queued.body.id}/results?cursor=forged`,
      OPERATOR_KEY,
    );
    expect(badCursor.status).toBe(400);
  });
});
