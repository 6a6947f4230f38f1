import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

/**
 * Price-affecting admin changes ask the worker for a rating sweep (the ratingSweep queue in Redis, this suite's
 * own prefix), collapsed per scope while one is pending.
 */
let testApp: ApiTestApp;
let tenantId = "";

beforeAll(async () => {
  testApp = await startApiTestApp();
  tenantId = (await testApp.db.tenant.create({ data: { name: "Sweep", slug: "sweep" } })).id;
});

afterAll(async () => {
  await testApp.close();
});

async function send<T>(method: "POST", url: string, body: unknown): Promise<T> {
  const response = await call<T>(testApp.app, method, url, OPERATOR_KEY, body);
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return response.body;
}

/** The sweeps waiting to run (debounced, so delayed first), as their payloads. */
async function pendingSweeps(): Promise<unknown[]> {
  const jobs = await testApp.ratingSweepQueue.queue.getJobs(["delayed", "waiting"]);
  return jobs.map((job) => job.data as unknown);
}

async function publishedVersion(planId: string, effectiveFrom: string): Promise<string> {
  const version = await send<{ id: string }>("POST", `/v1/admin/plans/${planId}/versions`, {
    currency: "USD",
    effective_from: effectiveFrom,
    pricing: { unlisted_models: { kind: "cost_markup", markup_percent: "20" } },
  });
  await send("POST", `/v1/admin/plans/${planId}/versions/${version.id}/publish`, { reason: "new prices" });
  return version.id;
}

describe("rating sweep requests", () => {
  it("requests one sweep of all tenants for a burst of publishes, and one per tenant for a subscription", async () => {
    expect(await pendingSweeps()).toEqual([]);
    const plan = await send<{ id: string }>("POST", "/v1/admin/plans", { code: "sweep", name: "Sweep", reason: "t" });
    const first = await publishedVersion(plan.id, "2026-01-01T00:00:00Z");
    expect(await pendingSweeps()).toEqual([{ reason: "price_change" }]);

    // A second publish while that sweep is still pending adds none: the pending one will read both.
    await publishedVersion(plan.id, "2026-02-01T00:00:00Z");
    expect(await pendingSweeps()).toEqual([{ reason: "price_change" }]);

    await send("POST", `/v1/admin/tenants/${tenantId}/subscriptions`, {
      plan_version_id: first,
      starts_at: "2026-01-15T00:00:00Z",
    });
    const pending = await pendingSweeps();
    expect(pending).toHaveLength(2);
    expect(pending).toEqual(expect.arrayContaining([{ reason: "price_change" }, { reason: "price_change", tenantId }]));
  });
});
