import { createDbClient, type Db } from "@tollgate/db";
import { money } from "@tollgate/domain";
import { createUser } from "@tollgate/use-cases/accounts";
import { loadPriceCatalog, priceDatasetSource, seedCatalog } from "@tollgate/use-cases/seed";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import {
  checkConsolePages,
  screenshot,
  signIn,
  VIEWPORTS,
  watchBrowserErrors,
  type PageTarget,
} from "./support/console-pages.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan, type TenantWithKey } from "./support/priced-tenant.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

// The operators' catalog, price sync and tenant detail pages, in Chromium against the real stack: each page at both
// viewports, then the main actions driven through the UI and checked against the admin API. Then (issue 20) the
// override and ingest-mapping forms on another tenant's page, each form's effect checked where it matters: the next
// event's ledger amount, and how a Lago event is recorded. Both share one stack (its start is the costliest step);
// each has its own tenant and operator.
const OPERATOR = { email: "operator@catalog-tenants.example", password: "correct horse battery staple" };
const MODEL = "e2e/catalog-priced";
const UNKNOWN_MODEL = "mystery-e2e-llm";

let stack: TestStack;
let db: Db;
let tenant: TenantWithKey;
/** A model of the bundled data whose input price the test catalog changed (the sync puts the data's back). */
let changedId = "";
let datasetInput = "";
/** A model of the bundled data the test catalog lacks (the sync adds it). */
let missingId = "";
let secondVersionId = "";

const FORMS_OPERATOR = { email: "operator@tenant-forms.example", password: "correct horse battery staple" };
const FORMS_MODEL = "e2e/tenant-forms-model";
const LAGO_CODE = "llm_call";
let formsTenant: TenantWithKey;

async function operatorRest(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${stack.operatorKey}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await check()); tries++) {
    if (tries > 300) throw new Error(`${what} did not happen within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  // The rating sweep and the worker's catalog cache on a short clock: a price given in the console rates the events
  // stored unrated within seconds (the defaults, a minute and 30 s, are for production).
  stack = await startTestStack({
    withConsole: true,
    workerEnv: { WORKER_RATING_SWEEP_INTERVAL_MS: "1000", WORKER_CATALOG_MAX_AGE_MS: "500" },
  });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
}, 240_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

function targets(): PageTarget[] {
  return [
    { name: "admin-catalog", path: "/admin/catalog", ready: "unrated-table" },
    { name: "admin-catalog-search", path: `/admin/catalog?q=${encodeURIComponent(changedId)}`, ready: "model-table" },
    { name: "admin-catalog-sync", path: "/admin/catalog/sync", ready: "sync-changes" },
    // The tenant list's rows link to the detail page.
    { name: "admin-tenants-manage", path: "/admin/tenants", ready: "admin-tenant-manage" },
    { name: "admin-tenant", path: `/admin/tenants/${tenant.tenantId}`, ready: "override-table" },
    // Every plan here is published: nothing to simulate, and the page says how to get a draft.
    { name: "simulation-new-no-draft", path: "/admin/simulations/new", ready: "simulation-no-draft" },
  ];
}

describe("operator catalog and tenant pages in Chromium", () => {
  beforeAll(async () => {
    // The bundled catalog, then made to differ from the data: one model missing, one with a later operator price.
    const dataset = await loadPriceCatalog(new Date());
    await seedCatalog(db, dataset, priceDatasetSource());
    const single = dataset.filter((model) => model.priceHistory.length === 1 && model.aliases.length === 0);
    const [missing, changed] = [single[0], single[1]];
    if (!missing || !changed) throw new Error("the bundled data has too few single-price models");
    missingId = missing.id;
    changedId = changed.id;
    datasetInput = changed.listPrices.input.toFixed();
    await db.modelCostRate.deleteMany({ where: { modelId: missingId } });
    await db.model.delete({ where: { id: missingId } });
    await db.modelCostRate.create({
      data: {
        modelId: changedId,
        tokenType: "input",
        effectiveFrom: new Date(Date.now() - 86_400_000),
        pricePerMillion: "987.5",
        source: "operator",
      },
    });

    tenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Catalog Tenants Ltd");
    await subscribeToPricedPlan(db, tenant.tenantId, MODEL, { input: "3", output: "15" });
    // A second published version to subscribe the tenant to through the page.
    const plan = await db.plan.create({ data: { code: "e2e-growth", name: "Growth" } });
    secondVersionId = (
      await db.planVersion.create({
        data: {
          planId: plan.id,
          version: 1,
          status: "published",
          currency: "USD",
          effectiveFrom: new Date("2020-01-01Z"),
          publishedAt: new Date(),
          pricing: {},
        },
      })
    ).id;
    await createUser(db, { ...OPERATOR, name: "Otto Operator", role: "operator", tenantId: null });

    // Usage of a name no model matches: stored unrated, so the catalog page lists it.
    const accepted = await fetch(`${stack.ingestUrl}/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tenant.apiKey}` },
      body: JSON.stringify({
        events: [
          { id: "u-1", model: UNKNOWN_MODEL, input_tokens: 1_000, output_tokens: 200 },
          { id: "u-2", model: UNKNOWN_MODEL, input_tokens: 3_000, output_tokens: 800 },
          { id: "r-1", model: MODEL, input_tokens: 10_000, output_tokens: 1_000 },
        ],
      }),
    });
    expect(accepted.status).toBe(202);
    await waitFor("the daily rollups of the unrated events", async () => {
      const rows = await db.usageRollupDaily.findMany({ where: { tenantId: tenant.tenantId, modelId: UNKNOWN_MODEL } });
      return rows.reduce((sum, row) => sum + row.unratedCount, 0n) === 2n;
    });

    const override = await operatorRest("POST", `/v1/admin/tenants/${tenant.tenantId}/overrides`, {
      starts_at: new Date(Date.now() - 3_600_000).toISOString(),
      discount_percent: "10",
      reason: "Launch discount",
    });
    expect(override.status).toBe(201);
    const budget = await operatorRest("POST", `/v1/admin/tenants/${tenant.tenantId}/budgets`, {
      scope: "tenant",
      amount: "250",
      currency: "USD",
    });
    expect(budget.status).toBe(201);
  }, 240_000);

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width.toString()} px: load, no browser errors, axe-clean, no sideways scroll`, async () => {
      await checkConsolePages(stack.apiUrl, targets(), viewport, OPERATOR);
    }, 180_000);
  }

  it("on a phone the models table fits its box (no sideways scroll inside it); the prices are under the id", async () => {
    const phone = VIEWPORTS.find((viewport) => viewport.width < 500);
    if (!phone) throw new Error("no phone viewport");
    await operatorPage(`/admin/catalog?q=${encodeURIComponent(changedId)}`, async (page) => {
      await page.setViewportSize({ width: phone.width, height: phone.height });
      await page.getByTestId("model-table").waitFor({ timeout: 15_000 });
      const frame = page.getByRole("region", { name: "Models" });
      expect(await frame.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
      expect(await page.getByTestId("catalog-phone-prices").first().textContent()).toMatch(
        /^Input \$987\.50 · Output /,
      );
    });
  }, 120_000);

  it("New simulation is not offered without a draft: Start is disabled and the page says how to make one", async () => {
    await operatorPage("/admin/simulations/new", async (page) => {
      await page.getByTestId("simulation-no-draft").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("simulation-start").isDisabled()).toBe(true);
      await page.getByTestId("simulation-no-draft").getByRole("link", { name: "Pricing tiers" }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe("/admin/plans");
    });
  }, 120_000);
});

async function operatorPage<T>(path: string, run: (page: Page) => Promise<T>): Promise<T> {
  const { browser, close } = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    const errors = watchBrowserErrors(page);
    await page.goto(`${stack.apiUrl}${path}`);
    await signIn(page, OPERATOR.email, OPERATOR.password);
    const result = await run(page);
    expect(errors).toEqual([]);
    return result;
  } finally {
    await close();
  }
}

type Grant = { amount: string; reason: string; kind: string; status: string };
type Subscription = { plan_version_id: string; ends_at: string | null };

describe("operator actions through the pages", () => {
  it("grants credit with its required reason on the tenant page; the api lists the grant", async () => {
    await operatorPage(`/admin/tenants/${tenant.tenantId}`, async (page) => {
      await page.getByTestId("grant-open").click();
      await page.getByTestId("grant-amount").fill("42.50");
      await page.getByTestId("grant-submit").click();
      // No reason: refused at the field, nothing sent.
      await page.getByTestId("grant-dialog").getByText("required: say why").waitFor();
      await page.getByTestId("grant-reason").fill("Goodwill for the outage");
      await page.getByTestId("grant-submit").click();
      await page.getByTestId("grant-table").getByText("Goodwill for the outage").waitFor({ timeout: 15_000 });
      await screenshot(page, "admin-tenant-granted-1440");
    });
    const listed = await operatorRest("GET", `/v1/admin/tenants/${tenant.tenantId}/credit-grants`);
    const grants = (listed.json as { credit_grants: Grant[] }).credit_grants;
    expect(grants.map(({ amount, reason, kind, status }) => ({ amount, reason, kind, status }))).toEqual([
      { amount: "42.5", reason: "Goodwill for the outage", kind: "promotional", status: "active" },
    ]);
  }, 120_000);

  it("subscribes the tenant to another plan version; the api shows the new subscription", async () => {
    await operatorPage(`/admin/tenants/${tenant.tenantId}`, async (page) => {
      await page.getByTestId("subscription-table").waitFor({ timeout: 15_000 });
      await page.getByTestId("subscribe-open").click();
      await page.getByTestId("subscribe-version").click();
      await page.getByRole("option", { name: /Growth \(e2e-growth\) v1/ }).click();
      await page.getByTestId("subscribe-reason").fill("Moved to Growth");
      await page.getByTestId("subscribe-submit").click();
      await page.getByTestId("subscribe-dialog").waitFor({ state: "detached", timeout: 15_000 });
      await page.getByTestId("subscription-table").getByText("Growth v1").waitFor({ timeout: 15_000 });
    });
    const listed = await operatorRest("GET", `/v1/admin/tenants/${tenant.tenantId}/subscriptions`);
    const subscriptions = (listed.json as { subscriptions: Subscription[] }).subscriptions;
    expect(subscriptions).toHaveLength(2);
    expect(subscriptions[0]?.ends_at).not.toBeNull();
    expect(subscriptions[1]).toMatchObject({ plan_version_id: secondVersionId, ends_at: null });
  }, 120_000);

  it("the model dialog shows the model's cost-rate history", async () => {
    await operatorPage(`/admin/catalog?q=${encodeURIComponent(changedId)}`, async (page) => {
      await page.getByTestId("model-edit").click();
      const history = page.getByTestId("model-rate-history");
      await history.waitFor({ timeout: 15_000 });
      expect(await history.textContent()).toContain("$987.50");
    });
  }, 120_000);

  it("applies the prices:sync diff after confirming; the api shows the data's cost rates", async () => {
    await operatorPage("/admin/catalog/sync", async (page) => {
      const change = page.getByTestId("sync-changes").getByText(changedId);
      await change.waitFor({ timeout: 30_000 });
      expect(await page.getByTestId("sync-summary").textContent()).toMatch(
        /^1 new model, 1 cost-rate change in 1 model/,
      );
      await page.getByTestId("sync-apply").click();
      await page.getByTestId("sync-apply-confirm").click();
      await page.getByTestId("sync-applied").waitFor({ timeout: 30_000 });
      await page.getByText("The catalog is up to date.").waitFor({ timeout: 30_000 });
      await screenshot(page, "admin-catalog-sync-applied-1440");
    });
    const changed = await operatorRest("GET", `/v1/admin/models/${encodeURIComponent(changedId)}`);
    expect(changed.status).toBe(200);
    const rates = (changed.json as { cost_rates: Record<string, { price_per_million: string; source: string }> })
      .cost_rates;
    expect(rates.input?.price_per_million).toBe(datasetInput);
    expect(rates.input?.source).toBe(priceDatasetSource());
    expect((await operatorRest("GET", `/v1/admin/models/${encodeURIComponent(missingId)}`)).status).toBe(200);
  }, 180_000);
});

const formsTenantPath = () => `/admin/tenants/${formsTenant.tenantId}`;

/** The override dialog with one model's row filled in (the screenshots show the form in its normal use). */
async function fillOverride(page: Page): Promise<void> {
  await page.getByTestId("override-open").click();
  await page.getByTestId("override-add-model").click();
  await page.getByTestId("override-model").fill(FORMS_MODEL);
  await page.getByTestId("override-price-input").fill("1.25");
  await page.getByTestId("override-price-output").fill("5");
  await page.getByTestId("override-reason").fill("Volume deal");
}

async function fillMapping(page: Page): Promise<void> {
  await page.getByTestId("mapping-open").click();
  await page.getByTestId("mapping-key").fill(LAGO_CODE);
  await page.getByTestId("mapping-model").fill("llm");
  await page.getByTestId("mapping-token-input").fill("prompt");
  await page.getByTestId("mapping-token-output").fill("completion");
}

function formTargets(): PageTarget[] {
  return [
    { name: "admin-tenant-forms", path: formsTenantPath(), ready: "tenant-mappings" },
    { name: "admin-tenant-override-dialog", path: formsTenantPath(), act: fillOverride, ready: "override-rate-row" },
    { name: "admin-tenant-mapping-dialog", path: formsTenantPath(), act: fillMapping, ready: "mapping-dialog" },
  ];
}

async function formsPage(run: (page: Page) => Promise<void>): Promise<void> {
  const { browser, close } = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    const errors = watchBrowserErrors(page);
    await page.goto(`${stack.apiUrl}${formsTenantPath()}`);
    await signIn(page, FORMS_OPERATOR.email, FORMS_OPERATOR.password);
    await run(page);
    // The refusals the test provokes on purpose are the api's 400s.
    expect(errors.filter((error) => !error.includes("status of 400"))).toEqual([]);
  } finally {
    await close();
  }
}

async function sendLago(transactionId: string): Promise<Response> {
  return fetch(`${stack.ingestUrl}/api/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${formsTenant.apiKey}` },
    body: JSON.stringify({
      event: {
        transaction_id: transactionId,
        external_customer_id: "cust-42",
        code: LAGO_CODE,
        timestamp: Math.floor(Date.now() / 1000),
        properties: { llm: FORMS_MODEL, prompt: "2000", completion: 100, team: "search" },
      },
    }),
  });
}

describe("operator forms on the tenant page in Chromium", () => {
  beforeAll(async () => {
    formsTenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Tenant Forms Ltd");
    await subscribeToPricedPlan(db, formsTenant.tenantId, FORMS_MODEL, { input: "3", output: "15" });
    await createUser(db, { ...FORMS_OPERATOR, name: "Otto Operator", role: "operator", tenantId: null });
  }, 240_000);

  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width.toString()} px: the page and both dialogs load, axe-clean, no sideways scroll`, async () => {
      await checkConsolePages(stack.apiUrl, formTargets(), viewport, FORMS_OPERATOR);
    }, 180_000);
  }

  it("creates an override for one model through the form; the next event is charged the override's prices", async () => {
    await formsPage(async (page) => {
      await page.getByTestId("override-open").click();
      await page.getByTestId("override-add-model").click();
      // The catalog's models are the suggestions.
      await expect.poll(() => page.locator(`datalist option[value="${FORMS_MODEL}"]`).count()).toBe(1);
      await page.getByTestId("override-model").fill(FORMS_MODEL);
      await page.getByTestId("override-price-input").fill("1,25");
      await page.getByTestId("override-submit").click();
      // Refused at the fields, nothing sent: a float-ish price and no reason.
      const dialog = page.getByTestId("override-dialog");
      await dialog.getByText("must be a decimal number as a string").waitFor();
      await dialog.getByText("required: say why").waitFor();
      await page.getByTestId("override-price-input").fill("1.25");
      await page.getByTestId("override-price-output").fill("5");
      await page.getByTestId("override-reason").fill("Volume deal");
      // A model the catalog lacks: the api's refusal shows at the model field.
      await page.getByTestId("override-model").fill("e2e/no-such-model");
      await page.getByTestId("override-submit").click();
      await dialog.getByText("unknown model").waitFor({ timeout: 15_000 });
      await screenshot(page, "admin-tenant-override-refused-1440");
      await page.getByTestId("override-model").fill(FORMS_MODEL);
      await page.getByTestId("override-submit").click();
      await dialog.waitFor({ state: "detached", timeout: 15_000 });
      await page.getByTestId("override-table").getByText(FORMS_MODEL).waitFor({ timeout: 15_000 });
    });
    const stored = await db.tenantPriceOverride.findMany({ where: { tenantId: formsTenant.tenantId } });
    expect(stored.map((row) => row.modelRates)).toEqual([{ [FORMS_MODEL]: { input: "1.25", output: "5" } }]);
    // Audited with the form's reason, by the signed-in operator.
    const audited = await db.auditLog.findMany({
      where: { tenantId: formsTenant.tenantId, action: "tenant_override.create" },
    });
    expect(audited.map((entry) => entry.reason)).toEqual(["Volume deal"]);

    const sent = await fetch(`${stack.ingestUrl}/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${formsTenant.apiKey}` },
      body: JSON.stringify({
        events: [{ id: "after-override", model: FORMS_MODEL, input_tokens: 1_000_000, output_tokens: 200_000 }],
      }),
    });
    expect(sent.status).toBe(202);
    // 1M input at 1.25 and 200k output at 5 per million (the plan's 3 and 15 would make 6).
    const charged = async () =>
      (
        await db.ledgerEntry.aggregate({
          where: { tenantId: formsTenant.tenantId, kind: "usage_charge" },
          _sum: { amount: true },
        })
      )._sum.amount?.toString();
    await waitFor("the event's ledger charge", async () => (await charged()) !== undefined);
    expect(await charged()).toBe("2.25");
    const event = await db.usageEvent.findUnique({
      where: { tenantId_eventId: { tenantId: formsTenant.tenantId, eventId: "after-override" } },
    });
    expect(event?.amount?.toString()).toBe("2.25");
  }, 180_000);

  it("creates a Lago mapping through the form; an event in that shape is recorded by it; then deletes it", async () => {
    await formsPage(async (page) => {
      await page.getByTestId("mapping-open").click();
      await page.getByTestId("mapping-key").fill(LAGO_CODE);
      await page.getByTestId("mapping-model").fill("llm");
      await page.getByTestId("mapping-token-input").fill("");
      await page.getByTestId("mapping-token-output").fill("");
      await page.getByTestId("mapping-submit").click();
      // No token property at all: the domain's own message, at the token fields.
      const dialog = page.getByTestId("mapping-dialog");
      await dialog.getByText("tokens must map at least one token type").waitFor();
      await page.getByTestId("mapping-token-input").fill("prompt");
      await page.getByTestId("mapping-token-output").fill("completion");
      await page.getByTestId("mapping-submit").click();
      await dialog.waitFor({ state: "detached", timeout: 15_000 });
      await page.getByTestId("mapping-table").getByText(LAGO_CODE).waitFor({ timeout: 15_000 });
      await screenshot(page, "admin-tenant-mapping-created-1440");
    });

    // Ingest reads mappings through a 5 s cache; re-sending the same transaction is harmless.
    await waitFor("the Lago event accepted", async () => (await sendLago("lago-form-1")).status === 200);
    await waitFor(
      "the Lago event recorded",
      async () =>
        (await db.usageEvent.count({ where: { tenantId: formsTenant.tenantId, eventId: "lago:lago-form-1" } })) === 1,
    );
    const recorded = await db.usageEvent.findUniqueOrThrow({
      where: { tenantId_eventId: { tenantId: formsTenant.tenantId, eventId: "lago:lago-form-1" } },
    });
    expect({
      model: recorded.modelId,
      customer: recorded.customer,
      input: recorded.inputTokens,
      output: recorded.outputTokens,
    }).toEqual({ model: FORMS_MODEL, customer: "cust-42", input: 2000n, output: 100n });

    await formsPage(async (page) => {
      // Edit: the form opens with the stored config; the source and key name the mapping and stay.
      await page.getByTestId("mapping-edit").click();
      expect(await page.getByTestId("mapping-token-input").inputValue()).toBe("prompt");
      expect(await page.getByTestId("mapping-key").getAttribute("readonly")).not.toBeNull();
      await page.getByTestId("mapping-token-reasoning").fill("thinking");
      await page.getByTestId("mapping-submit").click();
      await page.getByTestId("mapping-dialog").waitFor({ state: "detached", timeout: 15_000 });
      await page.getByTestId("mapping-table").getByText("reasoning ← thinking").waitFor({ timeout: 15_000 });

      await page.getByTestId("mapping-delete").click();
      await page.getByTestId("mapping-delete-dialog").waitFor();
      await screenshot(page, "admin-tenant-mapping-delete-1440");
      await page.getByTestId("mapping-delete-confirm").click();
      await page.getByText("No ingest mappings").waitFor({ timeout: 15_000 });
    });
    expect(await db.ingestMapping.count({ where: { tenantId: formsTenant.tenantId } })).toBe(0);
    await waitFor("the Lago event refused as unmapped", async () => (await sendLago("lago-form-2")).status === 422);

    // Issue 20: each of the three changes is in the audit log, found by its entity type, newest first.
    await operatorPage(
      `/admin/audit-log?for_tenant=${formsTenant.tenantId}&entity_type=ingest_mapping`,
      async (page) => {
        await page.getByTestId("audit-table").waitFor({ timeout: 15_000 });
        expect(await page.getByTestId("audit-action").allTextContents()).toEqual([
          "ingest_mapping.delete",
          "ingest_mapping.update",
          "ingest_mapping.create",
        ]);
        await page.getByTestId("audit-changes").nth(1).locator("summary").click();
        expect(await page.getByTestId("audit-changes").nth(1).textContent()).toContain("config.tokens.reasoning");
        await screenshot(page, "admin-audit-log-ingest-mappings-1440");
        // The tenant filter names the tenant from the URL (looked up by its id, not from the whole directory).
        expect(await page.getByTestId("audit-filter-tenant").textContent()).toBe("Tenant Forms Ltd");
      },
    );
  }, 180_000);
});

// Issue 20: unrated usage priced from the catalog page. A tenant on a cost-plus plan (unlisted models at provider
// cost + 20 %) sends events for a model nobody has heard of: stored unrated. The operator adds the model from the
// unrated list and gives it its provider cost from the day the events happened; the rating sweep then rates them.
const FRESH_MODEL = "acme/fresh-llm";
let costPlusTenant: TenantWithKey;

describe("unrated usage priced from the catalog page", () => {
  beforeAll(async () => {
    costPlusTenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Cost Plus Ltd");
    await subscribeToPricedPlan(
      db,
      costPlusTenant.tenantId,
      "e2e/cost-plus-listed",
      { input: "1" },
      {
        unlisted_models: { kind: "cost_markup", markup_percent: "20" },
      },
    );
    const accepted = await fetch(`${stack.ingestUrl}/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${costPlusTenant.apiKey}` },
      body: JSON.stringify({
        events: [
          { id: "fresh-1", model: FRESH_MODEL, input_tokens: 1_000, output_tokens: 200 },
          { id: "fresh-2", model: FRESH_MODEL, input_tokens: 3_000, output_tokens: 800 },
        ],
      }),
    });
    expect(accepted.status).toBe(202);
    await waitFor("the daily rollups of the unrated events", async () => {
      const rows = await db.usageRollupDaily.findMany({
        where: { tenantId: costPlusTenant.tenantId, modelId: FRESH_MODEL },
      });
      return rows.reduce((sum, row) => sum + row.unratedCount, 0n) === 2n;
    });
  }, 120_000);

  it("adds the model from the unrated list, gives it a cost rate; the sweep rates the events and the list drops it", async () => {
    const today = new Date().toISOString().slice(0, 10);
    await operatorPage("/admin/catalog", async (page) => {
      const row = page.getByTestId("unrated-table").getByRole("row").filter({ hasText: FRESH_MODEL });
      await row.waitFor({ timeout: 15_000 });
      // 2 events, 5,000 tokens, 1 tenant.
      expect(await row.getByRole("cell").allTextContents()).toEqual([
        expect.stringContaining(FRESH_MODEL),
        "2",
        "5,000",
        "1",
        expect.any(String),
        "Add to catalog",
      ]);
      await row.getByTestId("unrated-price-it").click();
      const dialog = page.getByTestId("model-dialog");
      expect(await dialog.getByTestId("model-id").inputValue()).toBe(FRESH_MODEL);
      expect(await dialog.getByTestId("model-provider").inputValue()).toBe("acme");
      await dialog.getByTestId("model-reason").fill("Seen in unrated usage");
      await dialog.getByTestId("model-submit").click();
      await dialog.waitFor({ state: "detached", timeout: 15_000 });

      // Now a catalog model without a cost rate: still unrated; the row offers its cost rates.
      await row.getByTestId("cost-rates-open").click();
      const rates = page.getByTestId("cost-rates-dialog");
      await rates.getByTestId("cost-rates-from").fill(today);
      await rates.getByTestId("cost-rates-input").fill("2");
      await rates.getByTestId("cost-rates-output").fill("8");
      await rates.getByTestId("cost-rates-reason").fill("Acme's list price");
      await screenshot(page, "admin-catalog-unrated-rates-1440");
      await rates.getByTestId("cost-rates-submit").click();
      await rates.waitFor({ state: "detached", timeout: 15_000 });

      // The sweep rates the events within seconds; the list (from the daily rollups) then no longer names the model.
      await expect
        .poll(
          async () => {
            await page.reload();
            await page.getByTestId("unrated-table").or(page.getByText("Every event is rated.")).waitFor();
            return page.getByTestId("unrated-table").getByRole("row").filter({ hasText: FRESH_MODEL }).count();
          },
          { timeout: 60_000, interval: 1_000 },
        )
        .toBe(0);
      await page.getByTestId("unrated-table").getByText(UNKNOWN_MODEL).waitFor();
      await screenshot(page, "admin-catalog-unrated-priced-1440");
      // The models table fits its box on a laptop too (its actions were cut off behind a sideways scroll).
      const frame = page.getByRole("region", { name: "Models" });
      expect(await frame.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
    });

    const events = await db.usageEvent.findMany({
      where: { tenantId: costPlusTenant.tenantId, modelId: FRESH_MODEL },
      orderBy: { eventId: "asc" },
    });
    // Cost + 20 %: 1,000 × $2.40/M + 200 × $9.60/M, and 3,000 × $2.40/M + 800 × $9.60/M.
    expect(events.map((event) => [event.eventId, event.ratingStatus, event.amount?.toString()])).toEqual([
      ["fresh-1", "rated", "0.00432"],
      ["fresh-2", "rated", "0.01488"],
    ]);
    const ledger = await db.ledgerEntry.findMany({ where: { tenantId: costPlusTenant.tenantId } });
    const total = ledger.reduce((sum, entry) => sum.plus(entry.amount.toString()), money("0"));
    expect(total.toFixed()).toBe("0.0192");

    // The tenant's own usage read (its key, from the hourly rollups the re-rating updated) shows the amount.
    const hour = 3_600_000;
    const from = new Date(Math.floor(Date.now() / hour) * hour - 24 * hour).toISOString();
    const to = new Date(Math.floor(Date.now() / hour) * hour + hour).toISOString();
    const usage = await fetch(`${stack.apiUrl}/v1/usage/summary?from=${from}&to=${to}`, {
      headers: { authorization: `Bearer ${costPlusTenant.apiKey}` },
    });
    expect(usage.status).toBe(200);
    const summary = (await usage.json()) as { total: { amount: string; unrated_event_count: string } };
    expect(money(summary.total.amount).toFixed()).toBe("0.0192");
    expect(summary.total.unrated_event_count).toBe("0");
  }, 180_000);
});
