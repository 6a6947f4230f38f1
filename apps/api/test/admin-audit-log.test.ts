import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface AuditEntry {
  id: string;
  created_at: string;
  actor: string;
  action: string;
  tenant_id: string | null;
  tenant_name: string | null;
  actor_user: { name: string; email: string } | null;
  entity_type: string;
  entity_id: string;
  reason: string;
  before: unknown;
  after: unknown;
}

interface AuditBody {
  entries: AuditEntry[];
  next_cursor: string | null;
}

let testApp: ApiTestApp;
let keys: TenantKeys;
let grantId = "";

beforeAll(async () => {
  testApp = await startApiTestApp();
  keys = await createTenantKeys(testApp.db);
  // A real audited change: an operator grants tenant A credit over REST.
  const grant = await call<{ id: string }>(
    testApp.app,
    "POST",
    `/v1/admin/tenants/${keys.tenantA}/credit-grants`,
    OPERATOR_KEY,
    { amount: "25.50", currency: "USD", kind: "promotional", reason: "launch promo" },
  );
  expect(grant.status).toBe(201);
  grantId = grant.body.id;
  // Older entries with known times and actors.
  const day = (date: string) => new Date(`${date}T12:00:00Z`);
  const olga = await testApp.db.user.create({
    data: { email: "olga@ops.example", name: "Olga Ops", passwordHash: "unused", role: "operator" },
  });
  await testApp.db.auditLog.createMany({
    data: [
      {
        actor: `user:${olga.id}`,
        action: "plan.create",
        targetType: "plan",
        targetId: "plan-olga",
        after: { code: "olga" },
        createdAt: day("2026-01-05"),
      },
      {
        actor: "user:ops-1",
        action: "plan_version.publish",
        targetType: "plan_version",
        targetId: "v-1",
        before: { status: "draft" },
        after: { status: "published" },
        createdAt: day("2026-01-10"),
      },
      {
        actor: "user:ops-2",
        action: "tenant.update",
        tenantId: keys.tenantB,
        targetType: "tenant",
        targetId: keys.tenantB,
        reason: "asked by email",
        before: { taxRate: "0" },
        after: { taxRate: "0.2" },
        createdAt: day("2026-02-10"),
      },
      {
        actor: "user:ops-1",
        action: "tenant.update",
        tenantId: keys.tenantB,
        targetType: "tenant",
        targetId: keys.tenantB,
        before: { taxRate: "0.2" },
        after: { taxRate: "0.1" },
        createdAt: day("2026-03-10"),
      },
    ],
  });
});

afterAll(async () => {
  await testApp.close();
});

async function list(query: string, key: string = OPERATOR_KEY) {
  return call<AuditBody>(testApp.app, "GET", `/v1/admin/audit-log${query}`, key);
}

describe("GET /v1/admin/audit-log", () => {
  it("lists entries newest first with before/after as stored and the tenant's name", async () => {
    const response = await list("");
    expect(response.status).toBe(200);
    const entries = response.body.entries;
    expect(entries.map((entry) => Number(entry.id))).toEqual(
      entries.map((entry) => Number(entry.id)).sort((a, b) => b - a),
    );
    const grant = entries.find((entry) => entry.entity_type === "credit_grant");
    expect(grant).toMatchObject({
      actor: "api_key:env-operator",
      tenant_id: keys.tenantA,
      tenant_name: "Tenant A",
      entity_id: grantId,
      before: null,
      after: expect.objectContaining({
        amount: expect.stringMatching(/^25\.50*$/) as unknown,
        currency: "USD",
        reason: "launch promo",
      }) as unknown,
    });
    expect(grant?.actor_user).toBeNull();
    const taxChange = entries.find((entry) => entry.reason === "asked by email");
    expect(taxChange).toMatchObject({ before: { taxRate: "0" }, after: { taxRate: "0.2" }, tenant_name: "Tenant B" });
  });

  it("names a user actor by the user's current name and email; other actors and unknown ids get none", async () => {
    const response = await list("");
    expect(response.status).toBe(200);
    const byOlga = response.body.entries.find((entry) => entry.entity_id === "plan-olga");
    expect(byOlga).toMatchObject({
      actor: expect.stringMatching(/^user:[0-9a-f-]{36}$/) as unknown,
      actor_user: { name: "Olga Ops", email: "olga@ops.example" },
    });
    // "user:ops-1" is no user id: shown as recorded, and the lookup never asks Postgres for a non-uuid.
    const byOps = response.body.entries.find((entry) => entry.actor === "user:ops-1");
    expect(byOps?.actor_user).toBeNull();
  });

  it("filters by actor, tenant, entity type and id, and date range", async () => {
    const actions = async (query: string) => {
      const response = await list(query);
      expect(response.status).toBe(200);
      return response.body.entries.map((entry) => `${entry.action}@${entry.created_at.slice(0, 10)}`);
    };
    expect(await actions("?actor=user:ops-1")).toEqual(["tenant.update@2026-03-10", "plan_version.publish@2026-01-10"]);
    expect(await actions(`?tenant_id=${keys.tenantB}`)).toEqual([
      "tenant.update@2026-03-10",
      "tenant.update@2026-02-10",
    ]);
    expect(await actions("?entity_type=plan_version&entity_id=v-1")).toEqual(["plan_version.publish@2026-01-10"]);
    expect(await actions("?entity_type=plan_version&entity_id=v-2")).toEqual([]);
    expect(await actions("?from=2026-02-01T00:00:00Z&to=2026-03-10T12:00:00Z")).toEqual(["tenant.update@2026-02-10"]);
    expect(await actions(`?actor=user:ops-2&tenant_id=${keys.tenantA}`)).toEqual([]);
  });

  it("pages newest first without duplicates or gaps, filters kept", async () => {
    const whole = (await list("?limit=200")).body.entries.map((entry) => entry.id);
    expect(whole.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await list(`?limit=1${suffix}`);
      expect(page.status).toBe(200);
      expect(page.body.entries).toHaveLength(1);
      seen.push(...page.body.entries.map((entry) => entry.id));
      cursor = page.body.next_cursor;
    } while (cursor !== null);
    expect(seen).toEqual(whole);

    const first = await list(`?limit=1&tenant_id=${keys.tenantB}`);
    const second = await list(
      `?limit=1&tenant_id=${keys.tenantB}&cursor=${encodeURIComponent(first.body.next_cursor ?? "")}`,
    );
    expect(second.body.entries.map((entry) => entry.created_at.slice(0, 10))).toEqual(["2026-02-10"]);
    expect(second.body.next_cursor).toBeNull();
  });

  it("refuses bad filters and cursors (400) and tenant keys (403)", async () => {
    expect((await list("?tenant_id=nope")).status).toBe(400);
    expect((await list("?from=yesterday")).status).toBe(400);
    expect((await list("?from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z")).status).toBe(400);
    expect((await list("?cursor=abc.def")).status).toBe(400);
    expect((await list("?limit=1000")).status).toBe(400);
    expect((await list("?unknown=1")).status).toBe(400);
    expect((await list("", keys.keyA)).status).toBe(403);
  });
});
