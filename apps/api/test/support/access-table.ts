import { appRouter, type OperationMeta, type RestOperation } from "@tollgate/trpc";

/**
 * Who may call each REST route and tRPC procedure of the api, with a sample request naming tenant B's ids (the
 * victim) or, for operator routes, any ids. `access-isolation.test.ts` fails when a route or procedure of the real
 * server has no entry here, or an entry names one that no longer exists.
 *
 * To add an entry: key a route by `"<METHOD> <fastify url>"` (e.g. `"POST /v1/admin/tenants/:tenantId/api-keys"`) in
 * ROUTES, a procedure by its dotted path (e.g. `"apiKeys.create"`) in PROCEDURES, and give its class:
 * - `public`: no credentials needed (health, docs, login);
 * - `user`: any signed-in user, about their own account only (no tenant data);
 * - `operator`: operator keys / operator users only; every tenant key and tenant session must get 403;
 * - `tenant`: one tenant's data; tenant A's keys and sessions naming tenant B's ids must get 403 or 404 without
 *   any of B's data, while an operator naming B gets B's data (the check that the sample is a real request).
 */

export interface VictimIds {
  tenantA: string;
  tenantB: string;
  /** An ingest mapping of tenant B. */
  mappingB: string;
  /** A budget of tenant B. */
  budgetB: string;
  /** Two live API keys of tenant B (one to revoke, one to rotate), named with `markerB`. */
  keyB: string;
  keyB2: string;
  /** Two webhook endpoints of tenant B (the second one to delete) and a delivery of the first. */
  endpointB: string;
  endpointB2: string;
  deliveryB: string;
  /** Text only tenant B's data contains (an event id, a model id): a refused body must not hold it. */
  markerB: string;
  /** A plan with one draft version, and a catalog model (operator reads that must find something). */
  plan: string;
  planVersion: string;
  /** A finished simulation of planVersion over tenant B (its result names markerB). */
  simulation: string;
  model: string;
  /** A finalized invoice of tenant B whose lines name `markerB`'s model. */
  invoiceB: string;
  /** Two viewers of tenant B (one to change the role of, one to remove) and a pending invitation of B. */
  userB: string;
  userB2: string;
  invitationB: string;
  /** An alert of tenant B (its payload names `markerB`). */
  alertB: string;
  /** A credit grant of tenant B. */
  grantB: string;
  /** Two budgets tenant B set itself (one to change, one to delete); B allows tenant budgets. */
  tenantBudgetB: string;
  tenantBudgetB2: string;
  /** A billing run (operators only). */
  billingRun: string;
  /** A uuid nothing has. */
  none: string;
}

export interface SampleRequest {
  url: string;
  body?: unknown;
}

export type RouteAccess =
  | { access: "public" }
  /** The tRPC endpoint: each procedure has its own entry in PROCEDURES. */
  | { access: "trpc" }
  | { access: "operator"; sample: (ids: VictimIds) => SampleRequest }
  | { access: "tenant"; sample: (ids: VictimIds) => SampleRequest };

export type ProcedureAccess =
  | { access: "public" }
  | { access: "user" }
  | { access: "operator"; input: (ids: VictimIds) => unknown }
  | { access: "tenant"; input: (ids: VictimIds) => unknown };

const RANGE = "from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z";
const tenantPath = (ids: VictimIds, rest = "") => `/v1/admin/tenants/${ids.tenantB}${rest}`;
const operator = (sample: (ids: VictimIds) => SampleRequest): RouteAccess => ({ access: "operator", sample });
const reason = { reason: "access isolation test" };

export const ROUTES: Record<string, RouteAccess> = {
  "GET /healthz": { access: "public" },
  "GET /readyz": { access: "public" },
  "GET /metrics": { access: "public" },
  "GET /openapi.json": { access: "public" },
  "* /trpc/:path": { access: "trpc" },

  "GET /v1/usage/summary": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/usage/summary?${RANGE}&group_by=model&tenant_id=${ids.tenantB}` }),
  },
  "GET /v1/usage/events": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/usage/events?${RANGE}&tenant_id=${ids.tenantB}` }),
  },
  "GET /v1/usage/explore": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/usage/explore?${RANGE}&group_by=model&tenant_id=${ids.tenantB}` }),
  },
  "GET /v1/usage/explore/options": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/usage/explore/options?${RANGE}&tenant_id=${ids.tenantB}` }),
  },
  // The fixture gives tenant B a task named with markerB in May 2026.
  "GET /v1/tasks": { access: "tenant", sample: (ids) => ({ url: `/v1/tasks?month=2026-05&tenant_id=${ids.tenantB}` }) },
  "GET /v1/tasks/:task_id": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/tasks/${ids.markerB}-task?month=2026-05&tenant_id=${ids.tenantB}` }),
  },
  "GET /v1/usage/forecast": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/usage/forecast?tenant_id=${ids.tenantB}` }),
  },

  "GET /v1/billing": { access: "tenant", sample: (ids) => ({ url: `/v1/billing?tenant_id=${ids.tenantB}` }) },
  "GET /v1/invoices": { access: "tenant", sample: (ids) => ({ url: `/v1/invoices?tenant_id=${ids.tenantB}` }) },
  "GET /v1/invoices/upcoming": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/invoices/upcoming?tenant_id=${ids.tenantB}` }),
  },
  "GET /v1/invoices/:invoiceId": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/invoices/${ids.invoiceB}?tenant_id=${ids.tenantB}` }),
  },
  "GET /v1/invoices/upcoming.pdf": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/invoices/upcoming.pdf?tenant_id=${ids.tenantB}` }),
  },
  "GET /v1/invoices/upcoming.csv": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/invoices/upcoming.csv?tenant_id=${ids.tenantB}` }),
  },
  "GET /v1/invoices/:invoiceId.pdf": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/invoices/${ids.invoiceB}.pdf?tenant_id=${ids.tenantB}` }),
  },
  "GET /v1/invoices/:invoiceId.csv": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/invoices/${ids.invoiceB}.csv?tenant_id=${ids.tenantB}` }),
  },
  "GET /v1/invoices/:invoiceId/usage.csv": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/invoices/${ids.invoiceB}/usage.csv?tenant_id=${ids.tenantB}` }),
  },
  "GET /v1/admin/invoices": operator((ids) => ({ url: `/v1/admin/invoices?tenant_id=${ids.tenantB}` })),
  "POST /v1/admin/tenants/:tenantId/invoices/close": operator((ids) => ({ url: tenantPath(ids, "/invoices/close") })),
  "POST /v1/admin/invoices/:invoiceId/pay": operator((ids) => ({ url: `/v1/admin/invoices/${ids.none}/pay` })),
  "POST /v1/admin/invoices/:invoiceId/void": operator((ids) => ({
    url: `/v1/admin/invoices/${ids.none}/void`,
    body: reason,
  })),
  "POST /v1/admin/invoices/:invoiceId/credit-notes": operator((ids) => ({
    url: `/v1/admin/invoices/${ids.none}/credit-notes`,
    body: reason,
  })),
  "POST /v1/admin/invoices/:invoiceId/regenerate": operator((ids) => ({
    url: `/v1/admin/invoices/${ids.none}/regenerate`,
  })),
  "GET /v1/alerts": { access: "tenant", sample: (ids) => ({ url: `/v1/alerts?tenant_id=${ids.tenantB}` }) },
  "GET /v1/webhook-endpoints": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/webhook-endpoints?tenant_id=${ids.tenantB}` }),
  },
  "GET /v1/webhook-deliveries": {
    access: "tenant",
    sample: (ids) => ({ url: `/v1/webhook-deliveries?tenant_id=${ids.tenantB}` }),
  },

  "GET /v1/admin/billing-runs": operator(() => ({ url: "/v1/admin/billing-runs?limit=5" })),
  "GET /v1/admin/billing-runs/due": operator(() => ({ url: "/v1/admin/billing-runs/due" })),
  "GET /v1/admin/billing-runs/:runId": operator((ids) => ({ url: `/v1/admin/billing-runs/${ids.billingRun}` })),
  "POST /v1/admin/billing-runs": operator(() => ({ url: "/v1/admin/billing-runs", body: {} })),
  "POST /v1/admin/billing-runs/:runId/retry-failed": operator((ids) => ({
    url: `/v1/admin/billing-runs/${ids.none}/retry-failed`,
    body: {},
  })),
  "GET /v1/admin/reconciliation/runs": operator(() => ({ url: "/v1/admin/reconciliation/runs?limit=5" })),
  "GET /v1/admin/analytics/tokens-by-model": operator(() => ({ url: "/v1/admin/analytics/tokens-by-model?weeks=4" })),
  "GET /v1/admin/analytics/provider-share": operator(() => ({
    url: "/v1/admin/analytics/provider-share?weeks=4&currency=USD",
  })),
  "GET /v1/admin/analytics/top-tenants": operator(() => ({ url: "/v1/admin/analytics/top-tenants?weeks=4&limit=5" })),
  "GET /v1/admin/analytics/top-agents": operator(() => ({ url: "/v1/admin/analytics/top-agents?weeks=4&limit=5" })),
  "GET /v1/admin/analytics/margin": operator(() => ({ url: "/v1/admin/analytics/margin?weeks=4&by=provider" })),
  "GET /v1/admin/analytics/unrated": operator(() => ({ url: "/v1/admin/analytics/unrated?weeks=4" })),

  "GET /v1/admin/tenants": operator(() => ({ url: "/v1/admin/tenants?search=tenant&sort=spend&limit=5" })),
  "GET /v1/admin/audit-log": operator((ids) => ({ url: `/v1/admin/audit-log?tenant_id=${ids.tenantB}&limit=5` })),
  "POST /v1/admin/tenants": operator(() => ({ url: "/v1/admin/tenants", body: { name: "Sneaky tenant" } })),
  "GET /v1/admin/tenants/:tenantId/ingest-mappings": operator((ids) => ({ url: tenantPath(ids, "/ingest-mappings") })),
  "PUT /v1/admin/tenants/:tenantId/ingest-mappings/:source/:key": operator((ids) => ({
    url: tenantPath(ids, "/ingest-mappings/lago/llm_usage"),
    body: { config: { model: { property: "model" }, tokens: { input: "input_tokens" } } },
  })),
  "DELETE /v1/admin/tenants/:tenantId/ingest-mappings/:id": operator((ids) => ({
    url: tenantPath(ids, `/ingest-mappings/${ids.mappingB}`),
  })),
  "GET /v1/admin/tenants/:tenantId/subscriptions": operator((ids) => ({ url: tenantPath(ids, "/subscriptions") })),
  "POST /v1/admin/tenants/:tenantId/subscriptions": operator((ids) => ({
    url: tenantPath(ids, "/subscriptions"),
    body: { plan_version_id: ids.none, ...reason },
  })),
  "GET /v1/admin/tenants/:tenantId/overrides": operator((ids) => ({ url: tenantPath(ids, "/overrides") })),
  "POST /v1/admin/tenants/:tenantId/overrides": operator((ids) => ({
    url: tenantPath(ids, "/overrides"),
    body: { discount_percent: "100", ...reason },
  })),
  "POST /v1/admin/tenants/:tenantId/overrides/:overrideId/end": operator((ids) => ({
    url: tenantPath(ids, `/overrides/${ids.none}/end`),
    body: reason,
  })),
  "GET /v1/admin/tenants/:tenantId/credit-grants": operator((ids) => ({ url: tenantPath(ids, "/credit-grants") })),
  "POST /v1/admin/tenants/:tenantId/credit-grants": operator((ids) => ({
    url: tenantPath(ids, "/credit-grants"),
    body: { kind: "promotional", amount: "1000000", currency: "USD", ...reason },
  })),
  "POST /v1/admin/tenants/:tenantId/credit-grants/:grantId/void": operator((ids) => ({
    url: tenantPath(ids, `/credit-grants/${ids.none}/void`),
    body: reason,
  })),
  "GET /v1/admin/tenants/:tenantId/budgets": operator((ids) => ({ url: tenantPath(ids, "/budgets") })),
  "POST /v1/admin/tenants/:tenantId/budgets": operator((ids) => ({
    url: tenantPath(ids, "/budgets"),
    body: { amount: "1", currency: "USD", hard_limit: true },
  })),
  "PATCH /v1/admin/tenants/:tenantId/budgets/:budgetId": operator((ids) => ({
    url: tenantPath(ids, `/budgets/${ids.budgetB}`),
    body: { hard_limit: false },
  })),
  "DELETE /v1/admin/tenants/:tenantId/budgets/:budgetId": operator((ids) => ({
    url: tenantPath(ids, `/budgets/${ids.budgetB}`),
  })),
  "PUT /v1/admin/tenants/:tenantId/billing": operator((ids) => ({
    url: tenantPath(ids, "/billing"),
    body: { prepaid: false, ...reason },
  })),
  "GET /v1/admin/tenants/:tenantId/api-keys": operator((ids) => ({ url: tenantPath(ids, "/api-keys") })),
  "POST /v1/admin/tenants/:tenantId/api-keys": operator((ids) => ({
    url: tenantPath(ids, "/api-keys"),
    body: { name: "sneaky", scopes: ["read"] },
  })),
  "DELETE /v1/admin/tenants/:tenantId/api-keys/:keyId": operator((ids) => ({
    url: tenantPath(ids, `/api-keys/${ids.keyB}`),
  })),
  "POST /v1/admin/tenants/:tenantId/api-keys/:keyId/rotate": operator((ids) => ({
    url: tenantPath(ids, `/api-keys/${ids.keyB2}/rotate`),
    body: {},
  })),
  "GET /v1/admin/tenants/:tenantId/webhook-endpoints": operator((ids) => ({
    url: tenantPath(ids, "/webhook-endpoints"),
  })),
  "POST /v1/admin/tenants/:tenantId/webhook-endpoints": operator((ids) => ({
    url: tenantPath(ids, "/webhook-endpoints"),
    body: { url: "https://203.0.113.9/sneaky", events: ["invoice.paid"], ...reason },
  })),
  "PATCH /v1/admin/tenants/:tenantId/webhook-endpoints/:endpointId": operator((ids) => ({
    url: tenantPath(ids, `/webhook-endpoints/${ids.none}`),
    body: { enabled: false, ...reason },
  })),
  "DELETE /v1/admin/tenants/:tenantId/webhook-endpoints/:endpointId": operator((ids) => ({
    url: tenantPath(ids, `/webhook-endpoints/${ids.none}`),
  })),
  "POST /v1/admin/tenants/:tenantId/webhook-endpoints/:endpointId/rotate-secret": operator((ids) => ({
    url: tenantPath(ids, `/webhook-endpoints/${ids.none}/rotate-secret`),
    body: reason,
  })),
  "GET /v1/admin/tenants/:tenantId/webhook-deliveries": operator((ids) => ({
    url: tenantPath(ids, "/webhook-deliveries"),
  })),
  "POST /v1/admin/tenants/:tenantId/webhook-deliveries/:deliveryId/redeliver": operator((ids) => ({
    url: tenantPath(ids, `/webhook-deliveries/${ids.none}/redeliver`),
    body: reason,
  })),
  // Usage and other catalog queues alike: every queue's failed jobs are operators' only.
  "GET /v1/admin/queues/:queue/failed": operator(() => ({ url: "/v1/admin/queues/usage/failed" })),
  "POST /v1/admin/queues/:queue/failed/retry": operator(() => ({ url: "/v1/admin/queues/billingClose/failed/retry" })),
  "POST /v1/admin/queues/:queue/failed/:jobId/retry": operator(() => ({
    url: "/v1/admin/queues/webhookDelivery/failed/some-job/retry",
  })),
  "DELETE /v1/admin/queues/:queue/failed/:jobId": operator(() => ({
    url: "/v1/admin/queues/webhookDelivery/failed/some-job",
  })),
  "DELETE /v1/admin/queues/:queue/failed": operator(() => ({ url: "/v1/admin/queues/billingClose/failed?limit=1" })),
  "GET /v1/admin/pipeline-health": operator(() => ({ url: "/v1/admin/pipeline-health" })),
  "GET /v1/admin/models": operator(() => ({ url: "/v1/admin/models" })),
  "POST /v1/admin/models": operator(() => ({
    url: "/v1/admin/models",
    body: { id: "acme/sneaky", provider: "acme", display_name: "Sneaky", ...reason },
  })),
  "GET /v1/admin/models/:id": operator((ids) => ({ url: `/v1/admin/models/${encodeURIComponent(ids.model)}` })),
  "PATCH /v1/admin/models/:id": operator(() => ({
    url: "/v1/admin/models/acme%2Fsneaky",
    body: { display_name: "Renamed", ...reason },
  })),
  "POST /v1/admin/models/:id/cost-rates": operator(() => ({
    url: "/v1/admin/models/acme%2Fsneaky/cost-rates",
    body: { rates: { input: "0" }, ...reason },
  })),
  "GET /v1/admin/unrated-usage": operator(() => ({ url: "/v1/admin/unrated-usage" })),
  "GET /v1/admin/prices-sync": operator(() => ({ url: "/v1/admin/prices-sync" })),
  // A fingerprint nothing has: an operator gets 409, and nothing is applied.
  "POST /v1/admin/prices-sync/apply": operator(() => ({
    url: "/v1/admin/prices-sync/apply",
    body: { now: new Date().toISOString(), fingerprint: "0".repeat(64) },
  })),
  "POST /v1/admin/plans": operator(() => ({ url: "/v1/admin/plans", body: { code: "sneaky", name: "Sneaky" } })),
  "GET /v1/admin/plans": operator(() => ({ url: "/v1/admin/plans" })),
  "GET /v1/admin/plans/:planId": operator((ids) => ({ url: `/v1/admin/plans/${ids.plan}` })),
  "POST /v1/admin/plans/:planId/versions": operator((ids) => ({
    url: `/v1/admin/plans/${ids.none}/versions`,
    body: { currency: "USD" },
  })),
  "GET /v1/admin/plans/:planId/versions/:versionId": operator((ids) => ({
    url: `/v1/admin/plans/${ids.plan}/versions/${ids.planVersion}`,
  })),
  "PATCH /v1/admin/plans/:planId/versions/:versionId": operator((ids) => ({
    url: `/v1/admin/plans/${ids.none}/versions/${ids.none}`,
    body: { currency: "EUR" },
  })),
  "POST /v1/admin/plans/:planId/versions/:versionId/publish": operator((ids) => ({
    url: `/v1/admin/plans/${ids.none}/versions/${ids.none}/publish`,
    body: reason,
  })),
  "POST /v1/admin/plans/:planId/versions/:versionId/archive": operator((ids) => ({
    url: `/v1/admin/plans/${ids.none}/versions/${ids.none}/archive`,
    body: reason,
  })),
  "POST /v1/admin/plans/:planId/versions/:versionId/copy": operator((ids) => ({
    url: `/v1/admin/plans/${ids.none}/versions/${ids.none}/copy`,
    body: reason,
  })),
  "GET /v1/admin/plans/:planId/diff": operator((ids) => ({
    url: `/v1/admin/plans/${ids.plan}/diff?a=${ids.planVersion}&b=${ids.planVersion}`,
  })),
  "POST /v1/admin/subscription-migrations": operator((ids) => ({
    url: "/v1/admin/subscription-migrations",
    body: { from_plan_version_id: ids.none, to_plan_version_id: ids.none, dry_run: true },
  })),
  "POST /v1/admin/plan-simulations": operator((ids) => ({
    url: "/v1/admin/plan-simulations",
    body: { version_id: ids.planVersion, scope: "tenant", scope_ref: ids.tenantB, window: "last_days", days: 7 },
  })),
  "GET /v1/admin/plan-simulations": operator(() => ({ url: "/v1/admin/plan-simulations?limit=5" })),
  "GET /v1/admin/plan-simulations/:simulationId": operator((ids) => ({
    url: `/v1/admin/plan-simulations/${ids.simulation}`,
  })),
  "GET /v1/admin/plan-simulations/:simulationId/results": operator((ids) => ({
    url: `/v1/admin/plan-simulations/${ids.simulation}/results?sort=before`,
  })),
  "POST /v1/admin/plan-simulations/:simulationId/publish-and-migrate": operator((ids) => ({
    url: `/v1/admin/plan-simulations/${ids.none}/publish-and-migrate`,
    body: { confirm_tenants: 1 },
  })),
};

const USAGE_RANGE = { from: "2026-05-01T00:00:00.000Z", to: "2026-05-02T00:00:00.000Z" };

const CONSOLE_PROCEDURES: Record<string, ProcedureAccess> = {
  "auth.login": { access: "public" },
  "auth.logout": { access: "public" },
  "auth.me": { access: "public" },
  /** Gated by the one-time setup token, and refused once an operator exists. */
  "auth.setup": { access: "public" },
  "auth.changePassword": { access: "user" },
  /** Gated by the one-time invitation token (and throttled like login). */
  "auth.acceptInvitation": { access: "public" },
  "users.resetPassword": {
    access: "operator",
    input: (ids) => ({ userId: ids.none, password: "a-new-password-123" }),
  },
  "tenants.list": { access: "operator", input: () => undefined },
  "usage.summary": { access: "tenant", input: (ids) => ({ ...USAGE_RANGE, tenantId: ids.tenantB }) },
  "usage.byModel": { access: "tenant", input: (ids) => ({ ...USAGE_RANGE, tenantId: ids.tenantB }) },
  "apiKeys.list": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB }) },
  "apiKeys.create": {
    access: "tenant",
    input: (ids) => ({ tenantId: ids.tenantB, name: `${ids.markerB}-new`, scopes: ["read"] }),
  },
  "apiKeys.revoke": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB, keyId: ids.keyB }) },
  "apiKeys.rotate": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB, keyId: ids.keyB2 }) },
  "alerts.unreadCount": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB }) },
  "alerts.markRead": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB, ids: [ids.alertB] }) },
  "tenantBudgets.list": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB }) },
  "tenantBudgets.create": {
    access: "tenant",
    input: (ids) => ({
      tenantId: ids.tenantB,
      scope: "customer",
      scopeRef: `${ids.markerB}-new-customer`,
      amount: "1",
      currency: "USD",
    }),
  },
  "tenantBudgets.update": {
    access: "tenant",
    input: (ids) => ({ tenantId: ids.tenantB, budgetId: ids.tenantBudgetB, amount: "2" }),
  },
  "tenantBudgets.delete": {
    access: "tenant",
    input: (ids) => ({ tenantId: ids.tenantB, budgetId: ids.tenantBudgetB2 }),
  },
  "credits.list": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB }) },
  "credits.history": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB, grantId: ids.grantB }) },
  "billingSettings.setLowCreditAlert": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB, days: 14 }) },
  "billingSettings.setTimeZone": {
    access: "tenant",
    input: (ids) => ({ tenantId: ids.tenantB, timeZone: "America/New_York" }),
  },
  "team.list": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB }) },
  "team.invite": {
    access: "tenant",
    input: (ids) => ({ tenantId: ids.tenantB, email: `${ids.markerB}-invited@b.example`, role: "tenant_viewer" }),
  },
  "team.revokeInvitation": {
    access: "tenant",
    input: (ids) => ({ tenantId: ids.tenantB, invitationId: ids.invitationB }),
  },
  "team.changeRole": {
    access: "tenant",
    input: (ids) => ({ tenantId: ids.tenantB, userId: ids.userB, role: "tenant_viewer" }),
  },
  "team.remove": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB, userId: ids.userB2 }) },
  "webhooks.createEndpoint": {
    access: "tenant",
    input: (ids) => ({ tenantId: ids.tenantB, url: "https://203.0.113.9/sneaky", events: ["invoice.paid"] }),
  },
  "webhooks.updateEndpoint": {
    access: "tenant",
    input: (ids) => ({ tenantId: ids.tenantB, endpointId: ids.endpointB, enabled: true }),
  },
  "webhooks.rotateSecret": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB, endpointId: ids.endpointB }) },
  "webhooks.deleteEndpoint": {
    access: "tenant",
    input: (ids) => ({ tenantId: ids.tenantB, endpointId: ids.endpointB2 }),
  },
  "webhooks.redeliver": { access: "tenant", input: (ids) => ({ tenantId: ids.tenantB, deliveryId: ids.deliveryB }) },
};

/**
 * The tRPC input of an operation also served over REST: its route sample's path parameters plus its query (GET,
 * DELETE, or `fieldsFrom: "query"`) or body, which is how the REST adapter builds the input from a request.
 */
function operationInput(rest: RestOperation, sample: SampleRequest): Record<string, unknown> {
  const [pathname = "", query = ""] = sample.url.split("?");
  const template = rest.path.split("/");
  const segments = pathname.split("/");
  const params = Object.fromEntries(
    template.flatMap((part, index) => {
      // A parameter may carry a suffix in its segment: "{invoiceId}.pdf".
      const [, name, suffix = ""] = /^\{(.+)\}(.*)$/.exec(part) ?? [];
      const segment = segments[index] ?? "";
      return name ? [[name, decodeURIComponent(segment.slice(0, segment.length - suffix.length))]] : [];
    }),
  );
  const fromQuery = rest.fieldsFrom ? rest.fieldsFrom === "query" : rest.method === "GET" || rest.method === "DELETE";
  const fields = fromQuery ? Object.fromEntries(new URLSearchParams(query)) : {};
  return { ...fields, ...(sample.body as Record<string, unknown> | undefined), ...params };
}

type ProcedureWithMeta = { _def: { meta?: OperationMeta } };

/**
 * Operations (procedures with `meta.rest`) are checked over tRPC with the same access and sample as their REST route:
 * an operation without a route entry, or whose route is neither an operator nor a tenant route, fails here.
 */
const OPERATION_PROCEDURES: Record<string, ProcedureAccess> = Object.fromEntries(
  Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureWithMeta>).flatMap(
    ([path, procedure]) => {
      const rest = procedure._def.meta?.rest;
      if (!rest) return [];
      const route = ROUTES[`${rest.method} ${rest.path.replace(/\{([A-Za-z0-9_]+)\}/g, ":$1")}`];
      if (route?.access !== "operator" && route?.access !== "tenant") {
        throw new Error(`${path}: no operator or tenant entry for its route in ROUTES`);
      }
      return [[path, { access: route.access, input: (ids: VictimIds) => operationInput(rest, route.sample(ids)) }]];
    },
  ),
);

export const PROCEDURES: Record<string, ProcedureAccess> = { ...CONSOLE_PROCEDURES, ...OPERATION_PROCEDURES };
