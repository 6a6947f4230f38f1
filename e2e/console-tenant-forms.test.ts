import { createDbClient, type Db } from "@tollgate/db";
import { createUser } from "@tollgate/use-cases/accounts";
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

// Issue 20: the operator's override and ingest-mapping forms on the tenant page, in Chromium against the real stack.
// Each form's effect is checked where it matters: the next event's ledger amount, and how a Lago event is recorded.
const OPERATOR = { email: "operator@tenant-forms.example", password: "correct horse battery staple" };
const MODEL = "e2e/tenant-forms-model";
const LAGO_CODE = "llm_call";

let stack: TestStack;
let db: Db;
let tenant: TenantWithKey;

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await check()); tries++) {
    if (tries > 300) throw new Error(`${what} did not happen within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  tenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Tenant Forms Ltd");
  await subscribeToPricedPlan(db, tenant.tenantId, MODEL, { input: "3", output: "15" });
  await createUser(db, { ...OPERATOR, name: "Otto Operator", role: "operator", tenantId: null });
}, 240_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

const tenantPath = () => `/admin/tenants/${tenant.tenantId}`;

/** The override dialog with one model's row filled in (the screenshots show the form in its normal use). */
async function fillOverride(page: Page): Promise<void> {
  await page.getByTestId("override-open").click();
  await page.getByTestId("override-add-model").click();
  await page.getByTestId("override-model").fill(MODEL);
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

function targets(): PageTarget[] {
  return [
    { name: "admin-tenant-forms", path: tenantPath(), ready: "tenant-mappings" },
    { name: "admin-tenant-override-dialog", path: tenantPath(), act: fillOverride, ready: "override-rate-row" },
    { name: "admin-tenant-mapping-dialog", path: tenantPath(), act: fillMapping, ready: "mapping-dialog" },
  ];
}

describe("tenant forms in Chromium", () => {
  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width.toString()} px: the page and both dialogs load, axe-clean, no sideways scroll`, async () => {
      await checkConsolePages(stack.apiUrl, targets(), viewport, OPERATOR);
    }, 180_000);
  }
});

async function operatorPage(run: (page: Page) => Promise<void>): Promise<void> {
  const { browser, close } = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    const errors = watchBrowserErrors(page);
    await page.goto(`${stack.apiUrl}${tenantPath()}`);
    await signIn(page, OPERATOR.email, OPERATOR.password);
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
    headers: { "content-type": "application/json", authorization: `Bearer ${tenant.apiKey}` },
    body: JSON.stringify({
      event: {
        transaction_id: transactionId,
        external_customer_id: "cust-42",
        code: LAGO_CODE,
        timestamp: Math.floor(Date.now() / 1000),
        properties: { llm: MODEL, prompt: "2000", completion: 100, team: "search" },
      },
    }),
  });
}

describe("operator forms on the tenant page", () => {
  it("creates an override for one model through the form; the next event is charged the override's prices", async () => {
    await operatorPage(async (page) => {
      await page.getByTestId("override-open").click();
      await page.getByTestId("override-add-model").click();
      // The catalog's models are the suggestions.
      await expect.poll(() => page.locator(`datalist option[value="${MODEL}"]`).count()).toBe(1);
      await page.getByTestId("override-model").fill(MODEL);
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
      await page.getByTestId("override-model").fill(MODEL);
      await page.getByTestId("override-submit").click();
      await dialog.waitFor({ state: "detached", timeout: 15_000 });
      await page.getByTestId("override-table").getByText(MODEL).waitFor({ timeout: 15_000 });
    });
    const stored = await db.tenantPriceOverride.findMany({ where: { tenantId: tenant.tenantId } });
    expect(stored.map((row) => row.modelRates)).toEqual([{ [MODEL]: { input: "1.25", output: "5" } }]);
    // Audited with the form's reason, by the signed-in operator.
    const audited = await db.auditLog.findMany({
      where: { tenantId: tenant.tenantId, action: "tenant_override.create" },
    });
    expect(audited.map((entry) => entry.reason)).toEqual(["Volume deal"]);

    const sent = await fetch(`${stack.ingestUrl}/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tenant.apiKey}` },
      body: JSON.stringify({
        events: [{ id: "after-override", model: MODEL, input_tokens: 1_000_000, output_tokens: 200_000 }],
      }),
    });
    expect(sent.status).toBe(202);
    // 1M input at 1.25 and 200k output at 5 per million (the plan's 3 and 15 would make 6).
    const charged = async () =>
      (
        await db.ledgerEntry.aggregate({
          where: { tenantId: tenant.tenantId, kind: "usage_charge" },
          _sum: { amount: true },
        })
      )._sum.amount?.toString();
    await waitFor("the event's ledger charge", async () => (await charged()) !== undefined);
    expect(await charged()).toBe("2.25");
    const event = await db.usageEvent.findUnique({
      where: { tenantId_eventId: { tenantId: tenant.tenantId, eventId: "after-override" } },
    });
    expect(event?.amount?.toString()).toBe("2.25");
  }, 180_000);

  it("creates a Lago mapping through the form; an event in that shape is recorded by it; then deletes it", async () => {
    await operatorPage(async (page) => {
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
        (await db.usageEvent.count({ where: { tenantId: tenant.tenantId, eventId: "lago:lago-form-1" } })) === 1,
    );
    const recorded = await db.usageEvent.findUniqueOrThrow({
      where: { tenantId_eventId: { tenantId: tenant.tenantId, eventId: "lago:lago-form-1" } },
    });
    expect({
      model: recorded.modelId,
      customer: recorded.customer,
      input: recorded.inputTokens,
      output: recorded.outputTokens,
    }).toEqual({ model: MODEL, customer: "cust-42", input: 2000n, output: 100n });

    await operatorPage(async (page) => {
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
    expect(await db.ingestMapping.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
    await waitFor("the Lago event refused as unmapped", async () => (await sendLago("lago-form-2")).status === 422);

    // Issue 20: each of the three changes is in the audit log, found by its entity type, newest first.
    await operatorPage(async (page) => {
      await page.goto(`${stack.apiUrl}/admin/audit-log?for_tenant=${tenant.tenantId}&entity_type=ingest_mapping`);
      await page.getByTestId("audit-table").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("audit-action").allTextContents()).toEqual([
        "ingest_mapping.delete",
        "ingest_mapping.update",
        "ingest_mapping.create",
      ]);
      await page.getByTestId("audit-changes").nth(1).locator("summary").click();
      expect(await page.getByTestId("audit-changes").nth(1).textContent()).toContain("config.tokens.reasoning");
      await screenshot(page, "admin-audit-log-ingest-mappings-1440");
    });
  }, 180_000);
});
