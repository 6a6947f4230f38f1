import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface RunsBody {
  runs: {
    id: string;
    status: string;
    findings_count: number;
    findings: { check: string; tenant_id: string; expected: string; actual: string; difference: string }[];
  }[];
}

let testApp: ApiTestApp;
let keys: TenantKeys;
let cleanId: string;
let driftId: string;

beforeAll(async () => {
  testApp = await startApiTestApp();
  keys = await createTenantKeys(testApp.db);
  const runs = testApp.db.reconciliationRun;
  const periodsFrom = new Date("2026-10-01Z");
  cleanId = (
    await runs.create({
      data: { periodsFrom, status: "clean", startedAt: new Date("2026-12-06T00:00:00Z"), finishedAt: new Date() },
    })
  ).id;
  driftId = (
    await runs.create({
      data: {
        periodsFrom,
        status: "drift",
        startedAt: new Date("2026-12-06T06:00:00Z"),
        finishedAt: new Date(),
        findingsCount: 1,
        findings: {
          create: {
            check: "ledger_vs_events",
            tenantId: keys.tenantA,
            periodStart: new Date("2026-11-01Z"),
            currency: "USD",
            expected: "1.000000000000000000000000000001",
            actual: "1",
            difference: "-0.000000000000000000000000000001",
          },
        },
      },
    })
  ).id;
});

afterAll(async () => {
  await testApp.close();
});

describe("GET /v1/admin/reconciliation/runs", () => {
  it("lists runs newest first with their findings, exact decimals as strings", async () => {
    const response = await call<RunsBody>(testApp.app, "GET", "/v1/admin/reconciliation/runs", OPERATOR_KEY);
    expect(response.status).toBe(200);
    expect(response.body.runs.map((run) => [run.id, run.status, run.findings_count])).toEqual([
      [driftId, "drift", 1],
      [cleanId, "clean", 0],
    ]);
    expect(response.body.runs[0]?.findings).toEqual([
      expect.objectContaining({
        check: "ledger_vs_events",
        tenant_id: keys.tenantA,
        expected: "1.000000000000000000000000000001",
        actual: "1",
        difference: "-0.000000000000000000000000000001",
      }),
    ]);
    const one = await call<RunsBody>(testApp.app, "GET", "/v1/admin/reconciliation/runs?limit=1", OPERATOR_KEY);
    expect(one.body.runs.map((run) => run.id)).toEqual([driftId]);
  });

  it("refuses a bad limit (400) and a tenant key (403)", async () => {
    const bad = await call(testApp.app, "GET", "/v1/admin/reconciliation/runs?limit=0", OPERATOR_KEY);
    expect(bad.status).toBe(400);
    const tenant = await call(testApp.app, "GET", "/v1/admin/reconciliation/runs", keys.keyA);
    expect(tenant.status).toBe(403);
  });
});
