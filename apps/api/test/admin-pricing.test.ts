import { billingPeriodEnd, billingPeriodStart, TOKEN_TYPES } from "@tollgate/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp, type ErrorResponse } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface PlanVersion {
  id: string;
  version: number;
  status: string;
  rate_count: number;
  pricing: Record<string, unknown>;
}
interface Subscription {
  id: string;
  version: number;
  starts_at: string;
  ends_at: string | null;
}
interface MigrationTenant {
  tenant_id: string;
  new_subscription_id: string | null;
  current: { amount: string; unpriced_models: string[] };
  target: { amount: string; unpriced_models: string[] };
  difference: string | null;
}

let testApp: ApiTestApp;
let keys: TenantKeys;
const MODEL_COUNT = 2400;
const modelId = (index: number) => `rest/m${index.toString().padStart(4, "0")}`;

beforeAll(async () => {
  testApp = await startApiTestApp();
  keys = await createTenantKeys(testApp.db);
  const ids = Array.from({ length: MODEL_COUNT }, (_, index) => modelId(index));
  await testApp.db.$executeRaw`
    INSERT INTO models (id, provider, display_name, updated_at)
    SELECT id, 'rest', id, now() FROM unnest(${ids}::text[]) AS m(id)`;
});

afterAll(async () => {
  await testApp.close();
});

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- as call<T>: the caller names the shape
async function send<T = ErrorResponse>(method: Method, url: string, body?: unknown, key: string | null = OPERATOR_KEY) {
  return call<T>(testApp.app, method, url, key, body);
}

async function auditEntries(targetId: string) {
  return testApp.db.auditLog.findMany({ where: { targetId }, orderBy: { id: "asc" } });
}

describe("operator pricing REST API", () => {
  let planId = "";
  let v1 = "";
  let v2 = "";

  it("creates a plan and a draft with > 1 MiB of rates (12,000 rows), publishes, and lists it", async () => {
    const plan = await send<{ id: string; code: string }>("POST", "/v1/admin/plans", {
      code: "pro",
      name: "Pro",
      description: "for teams",
      reason: "launch",
    });
    expect(plan.status).toBe(201);
    planId = plan.body.id;
    const rates = Array.from({ length: MODEL_COUNT }, (_, index) =>
      TOKEN_TYPES.map((token_type) => ({
        model_id: modelId(index),
        token_type,
        price_per_million: index === 0 && token_type === "input" ? "3" : "1.000000000001",
      })),
    ).flat();
    rates.find((rate) => rate.model_id === modelId(0) && rate.token_type === "output")!.price_per_million = "15";
    expect(JSON.stringify(rates).length).toBeGreaterThan(1024 * 1024);
    const draft = await send<PlanVersion>("POST", `/v1/admin/plans/${planId}/versions`, {
      currency: "USD",
      effective_from: "2026-01-01T00:00:00Z",
      pricing: { unlisted_models: { kind: "unpriced" }, spend_cap: "5000" },
      rates,
      reason: "v1 prices",
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ version: 1, status: "draft", rate_count: 12_000 });
    expect(draft.body.pricing).toMatchObject({ spend_cap: "5000", rules: [] });
    v1 = draft.body.id;

    const published = await send<PlanVersion>("POST", `/v1/admin/plans/${planId}/versions/${v1}/publish`, {
      reason: "go live",
    });
    expect(published.body).toMatchObject({ status: "published", published_at: expect.any(String) });
    const fetched = await send<{ rates: { model_id: string; price_per_million: string }[] }>(
      "GET",
      `/v1/admin/plans/${planId}/versions/${v1}`,
    );
    expect(fetched.body.rates).toHaveLength(12_000);
    expect(fetched.body.rates.find((rate) => rate.model_id === modelId(1))?.price_per_million).toBe("1.000000000001");
    const listed = await send<{ plans: { code: string; versions: PlanVersion[] }[] }>("GET", "/v1/admin/plans");
    expect(listed.body.plans.find((p) => p.code === "pro")?.versions.map((v) => v.status)).toEqual(["published"]);
    expect((await send("GET", `/v1/admin/plans/${planId}`)).status).toBe(200);

    const [publishEntry] = (await auditEntries(v1)).filter((entry) => entry.action === "plan_version.publish");
    expect(publishEntry).toMatchObject({
      actor: "api_key:env-operator",
      reason: "go live",
      before: { status: "draft" },
      after: { status: "published", rates: { count: 12_000 } },
    });
  });

  it("answers 409 for edits of a published version, and copies it into a new draft", async () => {
    const edit = await send("PATCH", `/v1/admin/plans/${planId}/versions/${v1}`, {
      effective_from: "2026-02-01T00:00:00Z",
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toMatch(/published.*immutable.*copy/);
    const copy = await send<PlanVersion>("POST", `/v1/admin/plans/${planId}/versions/${v1}/copy`, {
      effective_from: "2026-06-01T00:00:00Z",
      reason: "price change",
    });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ version: 2, status: "draft", rate_count: 12_000 });
    v2 = copy.body.id;
    const patched = await send<PlanVersion>("PATCH", `/v1/admin/plans/${planId}/versions/${v2}`, {
      rates: [
        { model_id: modelId(0), token_type: "input", price_per_million: "2.5" },
        { model_id: modelId(0), token_type: "output", price_per_million: "12" },
      ],
    });
    expect(patched.body.rate_count).toBe(2);
    expect((await send("POST", `/v1/admin/plans/${planId}/versions/${v2}/publish`)).status).toBe(200);
  });

  it("assigns subscriptions without overlaps and previews and runs a bulk migration", async () => {
    const subscriptions = `/v1/admin/tenants/${keys.tenantA}/subscriptions`;
    const assigned = await send<Subscription>("POST", subscriptions, {
      plan_version_id: v1,
      starts_at: "2026-02-01T00:00:00Z",
      reason: "signed up",
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({ version: 1, ends_at: null });
    const overlap = await send("POST", subscriptions, { plan_version_id: v2, starts_at: "2026-01-15T00:00:00Z" });
    expect(overlap.status).toBe(400); // before v2's effective_from
    expect(overlap.body.error.message).toContain("starts_at");
    const earlier = await send("POST", subscriptions, { plan_version_id: v1, starts_at: "2026-01-15T00:00:00Z" });
    expect(earlier.status).toBe(409);

    const now = new Date();
    const hour = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    await testApp.db.usageRollupHourly.create({
      data: {
        tenantId: keys.tenantA,
        hour,
        modelId: modelId(0),
        inputTokens: 2_000_000n,
        outputTokens: 100_000n,
      },
    });
    await testApp.db.usageRollupHourly.create({
      data: { tenantId: keys.tenantA, hour, modelId: modelId(7), reasoningTokens: 1_000n },
    });
    const at = new Date(Date.UTC(now.getUTCFullYear() + 1, 0, 1)).toISOString();
    const body = { from_version_id: v1, to_version_id: v2, at, tenant_ids: [keys.tenantA] };
    const preview = await send<{ dry_run: boolean; tenants: MigrationTenant[] }>(
      "POST",
      "/v1/admin/subscription-migrations",
      { ...body, dry_run: true },
    );
    expect(preview.status).toBe(200);
    // v1: 2,000,000 × 3 + 100,000 × 15 → 6 + 1.5; model 7's 1,000 reasoning at 1.000000000001 → 0.001000000000001
    // v2: 2,000,000 × 2.5 + 100,000 × 12 → 5 + 1.2; model 7 unpriced.
    expect(preview.body.tenants).toEqual([
      expect.objectContaining({
        tenant_id: keys.tenantA,
        new_subscription_id: null,
        current: expect.objectContaining({ amount: "7.501000000000001", unpriced_models: [] }),
        target: expect.objectContaining({ amount: "6.2", unpriced_models: [modelId(7)] }),
        difference: "-1.301000000000001",
      }),
    ]);
    expect((await send<Subscription[]>("GET", subscriptions)).body).toMatchObject({
      subscriptions: [{ ends_at: null }],
    });

    const run = await send<{ dry_run: boolean; tenants: MigrationTenant[] }>(
      "POST",
      "/v1/admin/subscription-migrations",
      { ...body, dry_run: false, reason: "v2 rollout" },
    );
    expect(run.status).toBe(200);
    const created = run.body.tenants[0]?.new_subscription_id;
    expect(created).toEqual(expect.any(String));
    const history = await send<{ subscriptions: Subscription[] }>("GET", subscriptions);
    expect(history.body.subscriptions.map((s) => [s.version, s.ends_at])).toEqual([
      [1, at],
      [2, null],
    ]);
    const [entry] = await auditEntries(created!);
    expect(entry).toMatchObject({
      action: "subscription.migrate",
      actor: "api_key:env-operator",
      reason: "v2 rollout",
      tenantId: keys.tenantA,
    });
  });

  it("archives a version while its subscribers stay on it", async () => {
    const archived = await send<PlanVersion & { active_subscriptions: number }>(
      "POST",
      `/v1/admin/plans/${planId}/versions/${v2}/archive`,
      { reason: "sunset" },
    );
    expect(archived.body).toMatchObject({ status: "archived", active_subscriptions: 1 });
    const refused = await send("POST", `/v1/admin/tenants/${keys.tenantB}/subscriptions`, {
      plan_version_id: v2,
      starts_at: "2026-07-01T00:00:00Z",
    });
    expect(refused.status).toBe(409);
  });

  it("manages overrides, credit grants and budgets, each change audited with the operator and reason", async () => {
    const base = `/v1/admin/tenants/${keys.tenantB}`;
    const override = await send<{ id: string; discount_percent: string }>("POST", `${base}/overrides`, {
      starts_at: "2026-01-01T00:00:00Z",
      discount_percent: "10",
      model_rates: { [modelId(0)]: { input: "2" } },
      reason: "deal",
    });
    expect(override.status).toBe(201);
    const overlapping = await send("POST", `${base}/overrides`, {
      starts_at: "2026-03-01T00:00:00Z",
      discount_percent: "5",
      reason: "second deal",
    });
    expect(overlapping.status).toBe(409);
    const noReason = await send("POST", `${base}/overrides`, {
      starts_at: "2027-01-01T00:00:00Z",
      discount_percent: "5",
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain("reason");
    const ended = await send<{ ends_at: string }>("POST", `${base}/overrides/${override.body.id}/end`, {
      ends_at: "2026-12-01T00:00:00Z",
      reason: "deal over",
    });
    expect(ended.body.ends_at).toBe("2026-12-01T00:00:00.000Z");
    expect((await send<{ overrides: unknown[] }>("GET", `${base}/overrides`)).body.overrides).toHaveLength(1);

    const grant = await send<{ id: string; balance: string }>("POST", `${base}/credit-grants`, {
      kind: "paid",
      amount: "250.00",
      currency: "USD",
      priority: 1,
      reason: "prepaid",
    });
    expect(grant.status).toBe(201);
    expect(grant.body.balance).toBe("250");
    const ledger = await testApp.db.ledgerEntry.findFirst({ where: { creditGrantId: grant.body.id } });
    expect(ledger?.amount.toFixed()).toBe("-250");
    const voided = await send<{ balance: string; status: string }>(
      "POST",
      `${base}/credit-grants/${grant.body.id}/void`,
      { reason: "refunded" },
    );
    expect(voided.body).toMatchObject({ balance: "0", status: "voided" });
    const grants = await send<{ credit_grants: { status: string }[] }>("GET", `${base}/credit-grants`);
    expect(grants.body.credit_grants.map((g) => g.status)).toEqual(["voided"]);

    const budget = await send<{ id: string; thresholds: number[] }>("POST", `${base}/budgets`, {
      scope: "customer",
      scope_ref: "cust-1",
      amount: "99.99",
      currency: "USD",
      thresholds: [50, 80, 100],
      hard_limit: true,
      reason: "customer cap",
    });
    expect(budget.status).toBe(201);
    const badThresholds = await send("POST", `${base}/budgets`, {
      scope: "tenant",
      amount: "10",
      currency: "USD",
      thresholds: [80, 50],
    });
    expect(badThresholds.status).toBe(400);
    expect(badThresholds.body.error.message).toContain("thresholds.1");
    const patched = await send<{ amount: string }>("PATCH", `${base}/budgets/${budget.body.id}`, { amount: "150" });
    expect(patched.body.amount).toBe("150");
    expect((await send("DELETE", `${base}/budgets/${budget.body.id}?reason=cleanup`)).status).toBe(204);
    expect((await send<{ budgets: unknown[] }>("GET", `${base}/budgets`)).body.budgets).toEqual([]);

    const actions = await testApp.db.auditLog.findMany({
      where: { tenantId: keys.tenantB },
      orderBy: { id: "asc" },
      select: { action: true, actor: true, reason: true },
    });
    expect(actions).toEqual([
      { action: "tenant_override.create", actor: "api_key:env-operator", reason: "deal" },
      { action: "tenant_override.end", actor: "api_key:env-operator", reason: "deal over" },
      { action: "credit_grant.create", actor: "api_key:env-operator", reason: "prepaid" },
      { action: "credit_grant.void", actor: "api_key:env-operator", reason: "refunded" },
      { action: "budget.create", actor: "api_key:env-operator", reason: "customer cap" },
      { action: "budget.update", actor: "api_key:env-operator", reason: "" },
      { action: "budget.delete", actor: "api_key:env-operator", reason: "cleanup" },
    ]);
  });

  it.each([
    ["an unknown field", "POST", "/v1/admin/plans", { code: "x", name: "X", price: 1 }, 400, "price"],
    [
      "a numeric amount",
      "POST",
      "/v1/admin/tenants/{A}/credit-grants",
      { kind: "paid", amount: 5, currency: "USD", reason: "r" },
      400,
      "amount",
    ],
    [
      "a rate's bad token type",
      "POST",
      "/v1/admin/plans/{plan}/versions",
      {
        currency: "USD",
        effective_from: "2026-01-01T00:00:00Z",
        rates: [{ model_id: "rest/m0000", token_type: "tokens", price_per_million: "1" }],
      },
      400,
      "rates.0.token_type",
    ],
    [
      "a date without offset",
      "POST",
      "/v1/admin/tenants/{A}/subscriptions",
      { plan_version_id: "00000000-0000-4000-8000-000000000000", starts_at: "2026-01-01T00:00:00" },
      400,
      "starts_at",
    ],
    ["a malformed plan id", "GET", "/v1/admin/plans/not-a-uuid", undefined, 400, "planId"],
    ["an unknown plan", "GET", "/v1/admin/plans/00000000-0000-4000-8000-000000000000", undefined, 404, "no plan"],
    [
      "an unknown tenant",
      "GET",
      "/v1/admin/tenants/00000000-0000-4000-8000-000000000000/budgets",
      undefined,
      404,
      "no tenant",
    ],
    [
      "a migration without dry_run",
      "POST",
      "/v1/admin/subscription-migrations",
      {
        from_version_id: "00000000-0000-4000-8000-000000000000",
        to_version_id: "00000000-0000-4000-8000-000000000001",
        at: "2027-01-01T00:00:00Z",
      },
      400,
      "dry_run",
    ],
  ] as const)("answers %s with a clear %s", async (_label, method, path, body, status, text) => {
    const url = path.replace("{A}", keys.tenantA).replace("{plan}", planId);
    const response = await send(method, url, body);
    expect(response.status).toBe(status);
    expect(response.body.error.message).toContain(text);
  });
});

describe("tenant billing settings", () => {
  it("makes a tenant prepaid and back, audited; 400 for a bad body, 404 for an unknown tenant", async () => {
    const url = `/v1/admin/tenants/${keys.tenantB}/billing`;
    const on = await send<{ tenant_id: string; prepaid: boolean }>("PUT", url, {
      prepaid: true,
      reason: "card on file failed",
    });
    expect(on).toMatchObject({ status: 200, body: { tenant_id: keys.tenantB, prepaid: true } });
    expect((await testApp.db.tenant.findUniqueOrThrow({ where: { id: keys.tenantB } })).prepaid).toBe(true);
    expect((await send("PUT", url, { prepaid: false })).status).toBe(200);
    const entries = (await auditEntries(keys.tenantB)).filter((e) => e.action === "tenant.billing.update");
    expect(entries.map((e) => [e.reason, e.before, e.after])).toEqual([
      ["card on file failed", { prepaid: false }, { prepaid: true }],
      ["", { prepaid: true }, { prepaid: false }],
    ]);
    const bad = await send("PUT", url, { prepaid: "yes" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^prepaid: /);
    expect(
      (await send("PUT", "/v1/admin/tenants/00000000-0000-4000-8000-000000000000/billing", { prepaid: true })).status,
    ).toBe(404);
    // Only the tenant asked for changed.
    expect((await testApp.db.tenant.findUniqueOrThrow({ where: { id: keys.tenantA } })).prepaid).toBe(false);
  });
});

describe("billing anchor day", () => {
  it("is set at creation or before any usage, 400 out of 1–31, from the next period once the tenant is billed", async () => {
    const created = await send<{ tenant: { id: string; billingAnchorDay: number } }>("POST", "/v1/admin/tenants", {
      name: "Anchored Ltd",
      billing_anchor_day: 20,
    });
    expect(created).toMatchObject({ status: 201, body: { tenant: { billingAnchorDay: 20 } } });
    const id = created.body.tenant.id;
    const url = `/v1/admin/tenants/${id}/billing`;
    expect(await send("PUT", url, { prepaid: false, billing_anchor_day: 15 })).toMatchObject({
      status: 200,
      body: { tenant_id: id, billing_anchor_day: 15, invoice_grace_hours: 24 },
    });
    const outOfRange = await send("PUT", url, { prepaid: false, billing_anchor_day: 32 });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.message).toMatch(/^billing_anchor_day: /);
    expect((await send("POST", "/v1/admin/tenants", { name: "Bad", billing_anchor_day: 0 })).status).toBe(400);

    await testApp.db.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, occurred_at, idempotency_key, description)
      VALUES (${id}::uuid, 'adjustment', 1, 'USD', now(), 'anchor-test', 'usage')`;
    // Once billed, a new day takes effect at the end of the current period; the day in effect cancels it.
    const periodEnd = billingPeriodEnd(billingPeriodStart(new Date(), 15), 15).toISOString();
    expect(await send("PUT", url, { prepaid: false, billing_anchor_day: 1 })).toMatchObject({
      status: 200,
      body: { billing_anchor_day: 15, pending_billing_anchor: { day: 1, from: periodEnd } },
    });
    expect(await send("PUT", url, { prepaid: true, billing_anchor_day: 15 })).toMatchObject({
      status: 200,
      body: { prepaid: true, billing_anchor_day: 15, pending_billing_anchor: null },
    });
  });
});

describe("access and documentation", () => {
  const Z = "00000000-0000-4000-8000-000000000000";
  const routes: [Method, string, string][] = [
    ["GET", "/v1/admin/plans", "/v1/admin/plans"],
    ["POST", "/v1/admin/plans", "/v1/admin/plans"],
    ["GET", `/v1/admin/plans/${Z}`, "/v1/admin/plans/{planId}"],
    ["POST", `/v1/admin/plans/${Z}/versions`, "/v1/admin/plans/{planId}/versions"],
    ["GET", `/v1/admin/plans/${Z}/versions/${Z}`, "/v1/admin/plans/{planId}/versions/{versionId}"],
    ["PATCH", `/v1/admin/plans/${Z}/versions/${Z}`, "/v1/admin/plans/{planId}/versions/{versionId}"],
    ["POST", `/v1/admin/plans/${Z}/versions/${Z}/publish`, "/v1/admin/plans/{planId}/versions/{versionId}/publish"],
    ["POST", `/v1/admin/plans/${Z}/versions/${Z}/archive`, "/v1/admin/plans/{planId}/versions/{versionId}/archive"],
    ["POST", `/v1/admin/plans/${Z}/versions/${Z}/copy`, "/v1/admin/plans/{planId}/versions/{versionId}/copy"],
    ["GET", `/v1/admin/tenants/${Z}/subscriptions`, "/v1/admin/tenants/{tenantId}/subscriptions"],
    ["POST", `/v1/admin/tenants/${Z}/subscriptions`, "/v1/admin/tenants/{tenantId}/subscriptions"],
    ["POST", "/v1/admin/subscription-migrations", "/v1/admin/subscription-migrations"],
    ["GET", `/v1/admin/tenants/${Z}/overrides`, "/v1/admin/tenants/{tenantId}/overrides"],
    ["POST", `/v1/admin/tenants/${Z}/overrides`, "/v1/admin/tenants/{tenantId}/overrides"],
    ["POST", `/v1/admin/tenants/${Z}/overrides/${Z}/end`, "/v1/admin/tenants/{tenantId}/overrides/{overrideId}/end"],
    ["GET", `/v1/admin/tenants/${Z}/credit-grants`, "/v1/admin/tenants/{tenantId}/credit-grants"],
    ["POST", `/v1/admin/tenants/${Z}/credit-grants`, "/v1/admin/tenants/{tenantId}/credit-grants"],
    [
      "POST",
      `/v1/admin/tenants/${Z}/credit-grants/${Z}/void`,
      "/v1/admin/tenants/{tenantId}/credit-grants/{grantId}/void",
    ],
    ["GET", `/v1/admin/tenants/${Z}/budgets`, "/v1/admin/tenants/{tenantId}/budgets"],
    ["POST", `/v1/admin/tenants/${Z}/budgets`, "/v1/admin/tenants/{tenantId}/budgets"],
    ["PATCH", `/v1/admin/tenants/${Z}/budgets/${Z}`, "/v1/admin/tenants/{tenantId}/budgets/{budgetId}"],
    ["DELETE", `/v1/admin/tenants/${Z}/budgets/${Z}`, "/v1/admin/tenants/{tenantId}/budgets/{budgetId}"],
    ["PUT", `/v1/admin/tenants/${Z}/billing`, "/v1/admin/tenants/{tenantId}/billing"],
  ];

  it.each(routes)("%s %s: 401 without a key, 403 for tenant keys", async (method, url) => {
    const body = method === "GET" || method === "DELETE" ? undefined : { reason: "sneaky" };
    expect((await send(method, url, body, null)).status).toBe(401);
    for (const key of [keys.keyA, keys.ingestOnlyA]) {
      const response = await send(method, url, body, key);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe("forbidden");
    }
  });

  it("documents every endpoint, its responses and errors in /openapi.json", async () => {
    const doc = (await testApp.app.inject({ url: "/openapi.json" })).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    for (const [method, , path] of routes) {
      const operation = doc.paths[path]?.[method.toLowerCase()];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining(["401", "403"]));
      expect(Object.keys(operation!.responses).some((status) => status.startsWith("2"))).toBe(true);
    }
  });
});
