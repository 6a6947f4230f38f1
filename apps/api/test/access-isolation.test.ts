import { closeBillingPeriod, DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import { randomUUID } from "node:crypto";
import { ApiKeyScope } from "@tollgate/db";
import { type TenantKeyScope } from "@tollgate/use-cases/access";
import { createSession, createUser } from "@tollgate/use-cases/accounts";
import { createApiKey } from "@tollgate/use-cases/api-keys";
import { createBudget, createTenantBudget } from "@tollgate/use-cases/budgets";
import { createCreditGrant } from "@tollgate/use-cases/credits";
import { putIngestMapping } from "@tollgate/use-cases/ingest-mappings";
import { inviteMember } from "@tollgate/use-cases/team";
import { appRouter } from "@tollgate/trpc";
import type { RouteOptions } from "fastify";
import { rebuildDailyRollups } from "@tollgate/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROCEDURES, ROUTES, type VictimIds } from "./support/access-table.ts";
import { OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

// Every route and procedure of the real server, checked against the table in support/access-table.ts (how to add
// an entry is described there).

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const RANGE = "from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z";

const routes = new Set<string>();
function collect(route: RouteOptions): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  // HEAD mirrors GET (Fastify adds it); the tRPC mount answers every method on one url.
  const real = methods.filter((method) => method !== "HEAD");
  if (route.url.startsWith("/trpc/")) routes.add(`* ${route.url}`);
  else for (const method of real) routes.add(`${method} ${route.url}`);
}

/** Every combination of the scopes a tenant key can hold: [], [ingest], [read], [ingest, read], … */
const TENANT_SCOPES = Object.values(ApiKeyScope).filter((scope): scope is TenantKeyScope => scope !== "admin");
const SCOPE_SETS: TenantKeyScope[][] = TENANT_SCOPES.reduce<TenantKeyScope[][]>(
  (sets, scope) => [...sets, ...sets.map((set) => [...set, scope])],
  [[]],
);

let testApp: ApiTestApp;
let ids: VictimIds;
/** Tenant A's keys, one per scope combination. */
const tenantKeys: { scopes: TenantKeyScope[]; key: string }[] = [];
const sessions = { operator: "", tenantAdmin: "", tenantViewer: "" };
let operatorKeyInDb = "";

beforeAll(async () => {
  testApp = await startApiTestApp({ onRoute: collect });
  const { db } = testApp;
  const tenantA = (await db.tenant.create({ data: { name: "Tenant A", slug: "tenant-a" } })).id;
  const markerB = "b-secret-marker";
  // B's slug carries the marker too: it is printed in B's invoice PDF's metadata.
  const tenantB = (await db.tenant.create({ data: { name: "Tenant B", slug: `tenant-b-${markerB}` } })).id;
  const hour = new Date("2026-05-01T10:00:00Z");
  await db.usageRollupHourly.create({
    data: { tenantId: tenantB, hour, modelId: `${markerB}/model`, eventCount: 7n, inputTokens: 900n, amount: "9" },
  });
  await rebuildDailyRollups(db);
  await db.usageTaskTotal.create({
    data: {
      tenantId: tenantB,
      month: new Date("2026-05-01T00:00:00Z"),
      taskId: `${markerB}-task`,
      modelId: `${markerB}/model`,
      firstSeenAt: hour,
      lastSeenAt: hour,
      eventCount: 7n,
      inputTokens: 900n,
      amount: "9",
      inputAmount: "9",
    },
  });
  await db.usageEvent.create({
    data: {
      tenantId: tenantB,
      eventId: `${markerB}-event`,
      occurredAt: hour,
      receivedAt: hour,
      modelId: `${markerB}/model`,
      ratingStatus: "unrated",
    },
  });
  // A webhook endpoint and a delivery of tenant B (the marker in the URL, the description and the error text).
  const endpointB = await db.webhookEndpoint.create({
    data: {
      tenantId: tenantB,
      url: `https://${markerB}.example.com/hook`,
      secret: "whsec_b",
      events: ["invoice.paid"],
      description: markerB,
    },
  });
  const eventB = await db.webhookEvent.create({
    data: { tenantId: tenantB, type: "invoice.paid", dedupeKey: `${markerB}-event`, payload: {} },
  });
  const endpointB2 = await db.webhookEndpoint.create({
    data: { tenantId: tenantB, url: `https://${markerB}.example.com/two`, secret: "whsec_b2", events: ["credit.low"] },
  });
  const deliveryB = await db.webhookDelivery.create({
    data: {
      tenantId: tenantB,
      eventId: eventB.id,
      endpointId: endpointB.id,
      eventType: "invoice.paid",
      lastError: `HTTP 500: ${markerB}`,
    },
  });
  const operatorKey = await createApiKey(db, { tenantId: null, name: "ops", scopes: ["admin"] });
  operatorKeyInDb = operatorKey.plaintext;
  const actor = { kind: "operator_key", keyId: operatorKey.apiKey.id, prefix: operatorKey.apiKey.prefix } as const;
  const mapping = await putIngestMapping(
    db,
    {
      tenantId: tenantB,
      source: "lago",
      key: "b_usage",
      config: { model: { property: "model" }, tokens: { input: "input_tokens" } },
    },
    { actor },
  );
  const budget = await createBudget(db, tenantB, { scope: "tenant", amount: "5", currency: "USD" }, { actor });
  const keyB = await createApiKey(db, { tenantId: tenantB, name: `${markerB}-key`, scopes: ["read"] });
  const keyB2 = await createApiKey(db, { tenantId: tenantB, name: `${markerB}-key-2`, scopes: ["ingest"] });
  const plan = await db.plan.create({ data: { code: "access-plan", name: "Access plan" } });
  const planVersion = await db.planVersion.create({
    data: { planId: plan.id, version: 1, currency: "USD", effectiveFrom: hour },
  });
  const model = await db.model.create({ data: { id: "acme/access-model", provider: "acme", displayName: "Access" } });
  // An invoice of B (May) and B's upcoming one (now), both with a line for B's marker model.
  for (const [key, occurredAt] of [
    ["access-may", hour],
    ["access-now", new Date()],
  ] as const) {
    await db.ledgerEntry.create({
      data: {
        tenantId: tenantB,
        kind: "usage_charge",
        amount: "4.5",
        currency: "USD",
        modelId: `${markerB}/model`,
        tokenType: "input",
        quantity: 900n,
        occurredAt,
        idempotencyKey: key,
      },
    });
  }
  // Team members and a pending invitation of B, their emails carrying the marker.
  const viewerOfB = async (email: string) =>
    (await createUser(db, { email, name: email, password: "password-123", role: "tenant_viewer", tenantId: tenantB }))
      .id;
  const userB = await viewerOfB(`${markerB}-viewer@b.example`);
  const userB2 = await viewerOfB(`${markerB}-leaving@b.example`);
  const invitationB = (
    await inviteMember(db, tenantB, { email: `${markerB}-pending@b.example`, role: "tenant_viewer" }, actor)
  ).invitation.id;
  const alertB = await db.alert.create({
    data: { tenantId: tenantB, kind: "credit.low", dedupeKey: `${markerB}-alert`, payload: { currency: markerB } },
  });
  await db.tenant.update({ where: { id: tenantB }, data: { tenantBudgetsAllowed: true } });
  const tenantBudget = (customer: string) =>
    createTenantBudget(db, tenantB, { scope: "customer", scopeRef: customer, amount: "3", currency: "USD" }, actor);
  const tenantBudgetB = (await tenantBudget(`${markerB}-customer`)).id;
  const tenantBudgetB2 = (await tenantBudget(`${markerB}-customer-2`)).id;
  const grantB = (
    await createCreditGrant(db, tenantB, { kind: "paid", amount: "7", currency: "USD" }, { actor, reason: markerB })
  ).id;
  // A finished simulation of the draft over tenant B, its result naming B's marker (a refused body must not).
  const simulation = await db.planSimulation.create({
    data: {
      id: randomUUID(),
      planVersionId: planVersion.id,
      scope: "tenant",
      scopeRef: tenantB,
      windowFrom: new Date(hour.getTime() - 86_400_000),
      windowTo: hour,
      pricingSnapshot: {},
      ratesSnapshot: [],
      currency: "USD",
      status: "succeeded",
      createdBy: "access-test",
      results: {
        create: {
          tenantId: tenantB,
          tenantName: `${markerB}-tenant`,
          currency: "USD",
          beforeAmount: "1",
          afterAmount: "2",
          difference: "1",
          events: 1n,
          tokens: 10n,
          unratedAfter: 0n,
        },
      },
    },
  });
  const closed = await closeBillingPeriod(db, tenantB, DEFAULT_INVOICE_ISSUER, { system: "access-test" });
  const invoiceB = closed.status === "closed" ? closed.invoices[0]?.id : undefined;
  if (!invoiceB) throw new Error("the access fixture's invoice was not made");
  // A billing run (operators read it; tenants may not even learn it exists).
  const billingRun = await db.billingRun.create({
    data: { startedBy: "system:access-test", at: hour, tenantsTotal: 0 },
  });
  ids = {
    tenantA,
    tenantB,
    mappingB: mapping.id,
    budgetB: budget.id,
    keyB: keyB.apiKey.id,
    keyB2: keyB2.apiKey.id,
    endpointB: endpointB.id,
    endpointB2: endpointB2.id,
    deliveryB: deliveryB.id,
    markerB,
    plan: plan.id,
    planVersion: planVersion.id,
    simulation: simulation.id,
    model: model.id,
    invoiceB,
    userB,
    userB2,
    invitationB,
    alertB: alertB.id.toString(),
    grantB,
    tenantBudgetB,
    tenantBudgetB2,
    billingRun: billingRun.id,
    none: randomUUID(),
  };

  for (const scopes of SCOPE_SETS) {
    const { plaintext } = await createApiKey(db, { tenantId: tenantA, name: `a-${scopes.join("+")}`, scopes });
    tenantKeys.push({ scopes, key: plaintext });
  }
  const session = async (email: string, role: "operator" | "tenant_admin" | "tenant_viewer") => {
    const tenantId = role === "operator" ? null : tenantA;
    const user = await createUser(db, { email, name: email, password: "password-123", role, tenantId });
    return `tg_session=${await createSession(db, user.id)}`;
  };
  sessions.operator = await session("op@example.test", "operator");
  sessions.tenantAdmin = await session("admin@a.example.test", "tenant_admin");
  sessions.tenantViewer = await session("viewer@a.example.test", "tenant_viewer");
});

afterAll(async () => {
  await testApp.close();
});

type Credentials = { key: string } | { cookie: string } | null;

async function send(method: Method, url: string, credentials: Credentials, body?: unknown) {
  const response = await testApp.app.inject({
    method,
    url,
    headers: {
      ...(credentials && "key" in credentials ? { authorization: `Bearer ${credentials.key}` } : {}),
      ...(credentials && "cookie" in credentials ? { cookie: credentials.cookie } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: response.statusCode, text: response.body };
}

const routeEntries = () =>
  Object.entries(ROUTES).map(([route, access]) => {
    const [method = "", path = ""] = route.split(" ");
    return { route, method: method as Method, path, access };
  });

/** A tRPC call over HTTP: queries by GET with ?input=, mutations by POST with the input as the body. */
function callProcedure(path: string, input: unknown, credentials: Credentials) {
  const type = procedureType(path);
  if (type === "mutation") return send("POST", `/trpc/${path}`, credentials, input ?? {});
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return send("GET", `/trpc/${path}${query}`, credentials);
}

/** Every procedure by its dotted path (tRPC keeps them flat here; the type describes the nested router). */
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } } | undefined>;

function procedureType(path: string): string {
  const procedure = procedures[path];
  if (!procedure) throw new Error(`no procedure ${path}`);
  return procedure._def.type;
}

describe("the access table", () => {
  it("has an entry for every route of the api, and none for a route that no longer exists", () => {
    expect(routes.size).toBeGreaterThan(10);
    const missing = [...routes].filter((route) => !(route in ROUTES)).sort();
    const stale = Object.keys(ROUTES)
      .filter((route) => !routes.has(route))
      .sort();
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it("has an entry for every tRPC procedure, and none for a procedure that no longer exists", () => {
    const paths = Object.keys(procedures);
    expect(paths.length).toBeGreaterThan(3);
    const missing = paths.filter((path) => !(path in PROCEDURES)).sort();
    const stale = Object.keys(PROCEDURES)
      .filter((path) => !paths.includes(path))
      .sort();
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });
});

describe("REST operator routes", () => {
  const operatorRoutes = routeEntries().flatMap((entry) =>
    entry.access.access === "operator" ? [{ ...entry, sample: entry.access.sample }] : [],
  );

  it.each(operatorRoutes)("$route: 401 without a key, 403 for every tenant key and session", async (entry) => {
    const sample = entry.sample(ids);
    expect((await send(entry.method, sample.url, null, sample.body)).status).toBe(401);
    for (const { scopes, key } of tenantKeys) {
      const response = await send(entry.method, sample.url, { key }, sample.body);
      expect({ scopes, status: response.status }).toEqual({ scopes, status: 403 });
      expect(response.text).not.toContain(ids.markerB);
    }
    // The REST API is for keys: a console session, even an operator's, is not a credential here.
    for (const cookie of Object.values(sessions)) {
      expect((await send(entry.method, sample.url, { cookie }, sample.body)).status).toBe(401);
    }
    // The sample is a request an operator may make (reads only: writes would change what later cases see).
    if (entry.method === "GET") {
      for (const key of [OPERATOR_KEY, operatorKeyInDb]) {
        expect([401, 403]).not.toContain((await send(entry.method, sample.url, { key })).status);
      }
    }
  });
});

describe("REST tenant-scoped routes", () => {
  const tenantRoutes = routeEntries().flatMap((entry) =>
    entry.access.access === "tenant" ? [{ ...entry, sample: entry.access.sample }] : [],
  );

  it.each(tenantRoutes)("$route: tenant A's keys naming tenant B get 403/404 and none of B's data", async (entry) => {
    const sample = entry.sample(ids);
    // The sample is a real request: an operator naming B gets B's data.
    for (const key of [OPERATOR_KEY, operatorKeyInDb]) {
      const allowed = await send(entry.method, sample.url, { key }, sample.body);
      expect(allowed.status).toBeLessThan(300);
      // B's data: a marker only B's rows hold, or B's id (a forecast or total holds nothing else of B's).
      expect(allowed.text.includes(ids.markerB) || allowed.text.includes(ids.tenantB)).toBe(true);
    }
    expect((await send(entry.method, sample.url, null, sample.body)).status).toBe(401);
    for (const { scopes, key } of tenantKeys) {
      const response = await send(entry.method, sample.url, { key }, sample.body);
      expect({ scopes, refused: [403, 404].includes(response.status) }).toEqual({ scopes, refused: true });
      expect(response.text).not.toContain(ids.markerB);
      expect(response.text).not.toContain(ids.tenantB);
    }
  });
});

describe("REST public routes", () => {
  const publicGets = routeEntries().filter((entry) => entry.access.access === "public" && entry.method === "GET");

  it.each(publicGets)("$route answers without credentials", async (entry) => {
    expect((await send("GET", entry.path, null)).status).toBe(200);
  });
});

/** A tRPC response's text plus the file it carries, if any (base64 over tRPC), so B's data is found in files too. */
function withFileContent(text: string): string {
  const file = /"content_base64":"([A-Za-z0-9+/=]*)"/.exec(text)?.[1];
  return file === undefined ? text : `${text}\n${Buffer.from(file, "base64").toString("latin1")}`;
}

describe("tRPC procedures", () => {
  const entries = Object.entries(PROCEDURES).map(([path, access]) => ({ path, access }));
  const operatorProcedures = entries.flatMap(({ path, access }) =>
    access.access === "operator" ? [{ path, input: access.input }] : [],
  );
  const tenantProcedures = entries.flatMap(({ path, access }) =>
    access.access === "tenant" ? [{ path, input: access.input }] : [],
  );

  it.each(operatorProcedures)("$path: 401 signed out or with an API key, 403 for tenant users", async (entry) => {
    const input = entry.input(ids);
    expect((await callProcedure(entry.path, input, null)).status).toBe(401);
    for (const { key } of tenantKeys) expect((await callProcedure(entry.path, input, { key })).status).toBe(401);
    for (const cookie of [sessions.tenantAdmin, sessions.tenantViewer]) {
      const response = await callProcedure(entry.path, input, { cookie });
      expect(response.status).toBe(403);
      expect(response.text).not.toContain(ids.markerB);
    }
    if (procedureType(entry.path) === "query") {
      expect((await callProcedure(entry.path, input, { cookie: sessions.operator })).status).toBe(200);
    }
  });

  it.each(tenantProcedures)(
    "$path: tenant A's users naming tenant B get 403/404 and none of B's data",
    async (entry) => {
      const input = entry.input(ids);
      const allowed = await callProcedure(entry.path, input, { cookie: sessions.operator });
      expect(allowed.status).toBe(200);
      const text = withFileContent(allowed.text);
      expect(text.includes(ids.markerB) || text.includes(ids.tenantB)).toBe(true);
      expect((await callProcedure(entry.path, input, null)).status).toBe(401);
      for (const cookie of [sessions.tenantAdmin, sessions.tenantViewer]) {
        const response = await callProcedure(entry.path, input, { cookie });
        expect([403, 404]).toContain(response.status);
        expect(withFileContent(response.text)).not.toContain(ids.markerB);
        expect(withFileContent(response.text)).not.toContain(ids.tenantB);
      }
    },
  );

  // Every tenant mutation in the table (API keys, tenant budgets, alerts' read state, webhook endpoints, …) gets
  // this check: a viewer reads but never writes.
  const tenantMutations = tenantProcedures.filter((entry) => procedureType(entry.path) === "mutation");
  it("has tenant mutations to check (a table that lost them would skip the check below silently)", () => {
    expect(tenantMutations.map((entry) => entry.path)).toEqual(
      expect.arrayContaining(["apiKeys.create", "alerts.markRead", "tenantBudgets.create", "webhooks.createEndpoint"]),
    );
  });
  it.each(tenantMutations)("$path: a tenant_viewer changes nothing, even in their own tenant", async (entry) => {
    const input = { ...(entry.input(ids) as object), tenantId: ids.tenantA };
    expect((await callProcedure(entry.path, input, { cookie: sessions.tenantViewer })).status).toBe(403);
  });
});

describe("the requests that leaked to a tenant key with the admin scope", () => {
  it("a tenant key can no longer hold admin, neither through createApiKey nor in the database", async () => {
    await expect(
      createApiKey(testApp.db, { tenantId: ids.tenantA, name: "sneaky", scopes: ["ingest", "read", "admin"] }),
    ).rejects.toMatchObject({ code: "bad_request" });
    await expect(
      testApp.db.$executeRaw`
        INSERT INTO api_keys (id, tenant_id, name, prefix, secret_hash, scopes)
        VALUES (gen_random_uuid(), ${ids.tenantA}::uuid, 'sneaky', 'tg_sneaky', 'x', '{read,admin}')`,
    ).rejects.toThrow(/api_keys_operator_xor_tenant_check/);
  });

  const leaks: [string, Method, (ids: VictimIds) => string, unknown][] = [
    ["another tenant's events", "GET", (v) => `/v1/usage/events?${RANGE}&tenant_id=${v.tenantB}`, undefined],
    ["creating a tenant", "POST", () => "/v1/admin/tenants", { name: "Sneaky" }],
    [
      "writing another tenant's ingest mapping",
      "PUT",
      (v) => `/v1/admin/tenants/${v.tenantB}/ingest-mappings/lago/llm_usage`,
      { config: { model: { property: "model" }, tokens: { input: "input_tokens" } } },
    ],
    ["every tenant's failed jobs", "GET", () => "/v1/admin/queues/usage/failed", undefined],
    ["every tenant's failed billing closes", "GET", () => "/v1/admin/queues/billingClose/failed", undefined],
  ];

  it.each(leaks)("refuses %s to every tenant key", async (_label, method, url, body) => {
    const tenantsBefore = await testApp.db.tenant.count();
    for (const { scopes, key } of tenantKeys) {
      const response = await send(method, url(ids), { key }, body);
      expect({ scopes, status: response.status }).toEqual({ scopes, status: 403 });
      expect(response.text).not.toContain(ids.markerB);
    }
    expect(await testApp.db.tenant.count()).toBe(tenantsBefore);
    expect(await testApp.db.ingestMapping.count({ where: { tenantId: ids.tenantB, key: "llm_usage" } })).toBe(0);
  });
});
