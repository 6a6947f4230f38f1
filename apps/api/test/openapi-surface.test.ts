import type { RouteOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";

/**
 * Every path and method `/openapi.json` listed before operations were defined once (issue 17). The document is
 * generated from the operation definitions now; machines built against it must keep finding every entry.
 */
const DOCUMENTED_BEFORE_ISSUE_17 = [
  "POST /v1/admin/tenants",
  "GET /v1/usage/summary",
  "GET /v1/usage/events",
  "GET /v1/admin/queues/usage/failed",
  "POST /v1/admin/queues/usage/failed/retry",
  "POST /v1/admin/queues/usage/failed/{jobId}/retry",
  "DELETE /v1/admin/queues/usage/failed/{jobId}",
  "GET /v1/admin/tenants/{tenantId}/ingest-mappings",
  "PUT /v1/admin/tenants/{tenantId}/ingest-mappings/{source}/{key}",
  "DELETE /v1/admin/tenants/{tenantId}/ingest-mappings/{id}",
  "GET /v1/admin/models",
  "POST /v1/admin/models",
  "GET /v1/admin/models/{id}",
  "PATCH /v1/admin/models/{id}",
  "POST /v1/admin/models/{id}/cost-rates",
  "GET /v1/admin/plans",
  "POST /v1/admin/plans",
  "GET /v1/admin/plans/{planId}",
  "POST /v1/admin/plans/{planId}/versions",
  "GET /v1/admin/plans/{planId}/versions/{versionId}",
  "PATCH /v1/admin/plans/{planId}/versions/{versionId}",
  "POST /v1/admin/plans/{planId}/versions/{versionId}/publish",
  "POST /v1/admin/plans/{planId}/versions/{versionId}/archive",
  "POST /v1/admin/plans/{planId}/versions/{versionId}/copy",
  "GET /v1/admin/tenants/{tenantId}/subscriptions",
  "POST /v1/admin/tenants/{tenantId}/subscriptions",
  "POST /v1/admin/subscription-migrations",
  "GET /v1/admin/tenants/{tenantId}/overrides",
  "POST /v1/admin/tenants/{tenantId}/overrides",
  "POST /v1/admin/tenants/{tenantId}/overrides/{overrideId}/end",
  "GET /v1/admin/tenants/{tenantId}/credit-grants",
  "POST /v1/admin/tenants/{tenantId}/credit-grants",
  "POST /v1/admin/tenants/{tenantId}/credit-grants/{grantId}/void",
  "GET /v1/admin/tenants/{tenantId}/budgets",
  "POST /v1/admin/tenants/{tenantId}/budgets",
  "PATCH /v1/admin/tenants/{tenantId}/budgets/{budgetId}",
  "DELETE /v1/admin/tenants/{tenantId}/budgets/{budgetId}",
  "PUT /v1/admin/tenants/{tenantId}/billing",
  "GET /v1/admin/tenants/{tenantId}/api-keys",
  "POST /v1/admin/tenants/{tenantId}/api-keys",
  "DELETE /v1/admin/tenants/{tenantId}/api-keys/{keyId}",
  "POST /v1/admin/tenants/{tenantId}/api-keys/{keyId}/rotate",
  // Served by apps/ingest; documented here so one document describes the whole machine API.
  "POST /v1/events",
];

/** Issue 18's invoicing routes (tenants read theirs; operators close, pay, void, credit and regenerate). */
const INVOICING_ROUTES = [
  "GET /v1/invoices",
  "GET /v1/invoices/upcoming",
  "GET /v1/invoices/upcoming.pdf",
  "GET /v1/invoices/upcoming.csv",
  "GET /v1/invoices/{invoiceId}",
  "GET /v1/invoices/{invoiceId}.pdf",
  "GET /v1/invoices/{invoiceId}.csv",
  "GET /v1/invoices/{invoiceId}/usage.csv",
  "GET /v1/admin/invoices",
  "POST /v1/admin/tenants/{tenantId}/invoices/close",
  "POST /v1/admin/invoices/{invoiceId}/pay",
  "POST /v1/admin/invoices/{invoiceId}/void",
  "POST /v1/admin/invoices/{invoiceId}/credit-notes",
  "POST /v1/admin/invoices/{invoiceId}/regenerate",
  // Issue 18's reconciliation: the operators' view of billing drift.
  "GET /v1/admin/reconciliation/runs",
];

/** The webhook operations of issue 18, documented from the day they were added. */
const WEBHOOK_OPERATIONS_ISSUE_18 = [
  "POST /v1/admin/tenants/{tenantId}/webhook-endpoints",
  "GET /v1/admin/tenants/{tenantId}/webhook-endpoints",
  "PATCH /v1/admin/tenants/{tenantId}/webhook-endpoints/{endpointId}",
  "DELETE /v1/admin/tenants/{tenantId}/webhook-endpoints/{endpointId}",
  "POST /v1/admin/tenants/{tenantId}/webhook-endpoints/{endpointId}/rotate-secret",
  "GET /v1/admin/tenants/{tenantId}/webhook-deliveries",
  "POST /v1/admin/tenants/{tenantId}/webhook-deliveries/{deliveryId}/redeliver",
  "GET /v1/webhook-endpoints",
  "GET /v1/webhook-deliveries",
];

/** Issue 19's usage explorer and cost per agent task, documented from the day they were added. */
const CONSOLE_READS_ISSUE_19 = [
  "GET /v1/usage/explore",
  "GET /v1/usage/explore/options",
  "GET /v1/tasks",
  "GET /v1/tasks/{task_id}",
];

type OpenApiDocument = { paths: Record<string, Record<string, unknown>> };

const documented = (doc: OpenApiDocument) =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );

let testApp: ApiTestApp;
const routes = new Set<string>();

beforeAll(async () => {
  testApp = await startApiTestApp({
    onRoute: (route: RouteOptions) => {
      if (!route.url.startsWith("/v1/")) return;
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== "HEAD");
      // Fastify's `:param` is OpenAPI's `{param}`.
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      for (const method of methods) routes.add(`${method} ${path}`);
    },
  });
});

afterAll(async () => {
  await testApp.close();
});

describe("/openapi.json", () => {
  it("still lists every path and method it listed before issue 17", async () => {
    const doc = (await testApp.app.inject({ url: "/openapi.json" })).json<OpenApiDocument>();
    // Issue 20: the usage queue's failed-jobs paths became `/v1/admin/queues/{queue}/failed…`, `usage` one of its
    // values, so the same URLs answer (failed-jobs.test.ts calls them).
    const covering = (entry: string) => entry.replace("/queues/usage/", "/queues/{queue}/");
    const missing = DOCUMENTED_BEFORE_ISSUE_17.filter((entry) => !documented(doc).includes(covering(entry)));
    expect(missing).toEqual([]);
  });

  it("lists the invoicing routes", async () => {
    const doc = (await testApp.app.inject({ url: "/openapi.json" })).json<OpenApiDocument>();
    expect(INVOICING_ROUTES.filter((entry) => !documented(doc).includes(entry))).toEqual([]);
  });

  it("lists the usage explorer and the task cost reads, with the explorer's filters as query parameters", async () => {
    const doc = (await testApp.app.inject({ url: "/openapi.json" })).json<
      OpenApiDocument & { paths: Record<string, { get?: { parameters?: { name: string; schema: unknown }[] } }> }
    >();
    expect(CONSOLE_READS_ISSUE_19.filter((entry) => !documented(doc).includes(entry))).toEqual([]);
    const parameters = doc.paths["/v1/usage/explore"]?.get?.parameters ?? [];
    expect(parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(["from", "to", "granularity", "time_zone", "group_by", "model", "api_key", "token_type"]),
    );
    // One value or the parameter repeated: both documented.
    expect(JSON.stringify(parameters.find((p) => p.name === "model")?.schema)).toContain("array");
  });

  it("lists the webhook operations", async () => {
    const doc = (await testApp.app.inject({ url: "/openapi.json" })).json<OpenApiDocument>();
    expect(WEBHOOK_OPERATIONS_ISSUE_18.filter((entry) => !documented(doc).includes(entry))).toEqual([]);
  });

  it("documents every /v1 route the api serves, and serves every /v1 route it documents (but ingest's)", async () => {
    const doc = (await testApp.app.inject({ url: "/openapi.json" })).json<OpenApiDocument>();
    const listed = new Set(documented(doc));
    expect(routes.size).toBeGreaterThan(30);
    expect([...routes].filter((route) => !listed.has(route)).sort()).toEqual([]);
    expect([...listed].filter((entry) => !routes.has(entry) && entry !== "POST /v1/events").sort()).toEqual([]);
  });
});
