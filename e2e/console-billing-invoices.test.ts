import { createDbClient, type Db } from "@tollgate/db";
import { createUser } from "@tollgate/use-cases/accounts";
import { closeBillingPeriod, DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import { setTenantBilling } from "@tollgate/use-cases/tenants";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import {
  checkConsolePages,
  type PageTarget,
  screenshot,
  signIn,
  VIEWPORTS,
  watchBrowserErrors,
} from "./support/console-pages.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan, type TenantWithKey } from "./support/priced-tenant.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

/**
 * The operators' billing pages in Chromium over the real stack: an operator closes the due tenants through the UI,
 * watches the run finish with one tenant failed, retries it once its cause is gone, finds the invoice among every
 * tenant's invoices and marks it paid; the api agrees. Then the invoice's own page (issue 20): an operator looking
 * at the tenant marks the invoice paid and credits it there (the /admin/invoices actions, by status, confirmed); the
 * tenant's admin sees the same page without any action.
 *
 * Both flows share one stack (a stack start is the costliest step of a console test); each has its own tenants,
 * and the invoice page's tenant is only created after the billing run, so the run's "2 tenants are due" holds.
 */
const MODEL = "anthropic/claude-e2e-billing-runs";
const INVOICE_MODEL = "anthropic/claude-e2e-invoice-actions";
const OPERATOR = { email: "operator@billing-runs.example", password: "correct horse battery staple" };
const INVOICE_OPERATOR = { email: "operator@invoice-actions.example", password: "correct horse battery staple" };
const ADMIN = { email: "admin@invoice-actions.example", password: "correct horse battery staple" };

let stack: TestStack;
let db: Db;
let tenant: TenantWithKey;
let runId = "";
let blockedTenantId = "";
let blockerId = "";
let invoiceTenant: TenantWithKey;
let invoiceId = "";
let anchorBlockedTenantId = "";
const OPERATOR_KEY = { kind: "operator_key", keyId: null, prefix: "tg_e2e" } as const;

/** The last day of the previous UTC month: inside ingest's 35-day window whatever today is. */
function lastMonth(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 12 * 3_600_000);
}

async function operatorRest(path: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    headers: { authorization: `Bearer ${stack.operatorKey}` },
  });
  return { status: response.status, json: await response.json() };
}

interface InvoiceJson {
  id: string;
  status: string;
  period_start: string;
  total: string;
  credit_notes: { reason: string }[];
}

beforeAll(async () => {
  // The schedule's scan runs once at start (before the tenant exists) and then not during the test, so the run is
  // the operator's.
  stack = await startTestStack({ withConsole: true, workerEnv: { WORKER_BILLING_CLOSE_INTERVAL_MS: "3600000" } });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
}, 180_000);

function lastMonthStart(): Date {
  return new Date(Date.UTC(lastMonth().getUTCFullYear(), lastMonth().getUTCMonth(), 1));
}

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

describe("operator billing runs in Chromium", () => {
  beforeAll(async () => {
    tenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Billing Runs Ltd");
    await subscribeToPricedPlan(db, tenant.tenantId, MODEL, { input: "3", output: "15" });
    // No grace: last month is due whatever day of the month the test runs on.
    await db.tenant.update({ where: { id: tenant.tenantId }, data: { invoiceGraceHours: 0 } });
    await createUser(db, { ...OPERATOR, name: "Otto Operator", role: "operator", tenantId: null });
    const events = [
      {
        id: "last-1",
        model: MODEL,
        timestamp: lastMonth().toISOString(),
        input_tokens: 1_000_000,
        output_tokens: 200_000,
      },
    ];
    const accepted = await fetch(`${stack.ingestUrl}/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tenant.apiKey}` },
      body: JSON.stringify({ events }),
    });
    expect(accepted.status).toBe(202);
    for (let tries = 0; (await db.usageEvent.count({ where: { tenantId: tenant.tenantId } })) < 1; tries++) {
      if (tries > 200) throw new Error("the worker did not record the event within 20 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // A second tenant due, whose close fails: a stray draft for its period stands in the way.
    const blocked = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Blocked Close Ltd");
    blockedTenantId = blocked.tenantId;
    await db.tenant.update({ where: { id: blockedTenantId }, data: { invoiceGraceHours: 0 } });
    const start = lastMonthStart();
    await db.ledgerEntry.create({
      data: {
        tenantId: blockedTenantId,
        kind: "adjustment",
        amount: "4",
        currency: "USD",
        occurredAt: lastMonth(),
        idempotencyKey: "blocked-adjustment",
        description: "Setup fee",
      },
    });
    const blocker = await db.invoice.create({
      data: {
        tenantId: blockedTenantId,
        issuer: "TG",
        status: "draft",
        currency: "USD",
        periodStart: start,
        periodEnd: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)),
        total: 0,
      },
    });
    blockerId = blocker.id;
  }, 180_000);

  it("closes the due tenant through the UI, then marks its invoice paid; the api shows it paid", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/admin/billing-runs`);
      await signIn(page, OPERATOR.email, OPERATOR.password);
      await page.getByTestId("empty").waitFor();
      await page.getByTestId("start-billing-run").click();
      const dialog = page.getByTestId("start-billing-run-dialog");
      await dialog.getByText("2 tenants are due").waitFor();
      await screenshot(page, "billing-run-start-dialog-1440");
      await page.getByTestId("start-billing-run-confirm").click();

      // The run's page, polled until the run is done.
      await page.waitForURL(/\/admin\/billing-runs\/[0-9a-f-]{36}/);
      runId = /billing-runs\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";
      // The blocked tenant uses up its three quick attempts; it is listed first, with the error.
      await page.getByTestId("billing-run-status").filter({ hasText: "Has failures" }).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId("run-closed").textContent()).toBe("1");
      expect(await page.getByTestId("run-failed").textContent()).toBe("1");
      await page.getByTestId("run-tenant-error").filter({ visible: true }).first().waitFor();
      await screenshot(page, "billing-run-with-failure-1440");
      const failedRun = await operatorRest(`/v1/admin/billing-runs/${runId}?status=failed`);
      expect(failedRun.json).toMatchObject({
        run: { status: "failed", tenants_total: 2, closed: 1, failed: 1 },
        tenants: [{ tenant_id: blockedTenantId, status: "failed", attempts: 3 }],
      });

      // Its cause removed, the operator retries it from the run's page.
      await db.invoice.delete({ where: { id: blockerId } });
      await page.getByTestId("retry-failed").click();
      await page.getByTestId("retry-failed-confirm").click();
      await page.getByTestId("billing-run-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId("run-closed").textContent()).toBe("2");
      expect(await page.getByTestId("run-failed").textContent()).toBe("0");
      const runs = await operatorRest(`/v1/admin/billing-runs/${runId}`);
      expect(runs.status).toBe(200);
      expect(runs.json).toMatchObject({ run: { status: "succeeded", tenants_total: 2, closed: 2, failed: 0 } });
      const outcomes = (runs.json as { tenants: { tenant_id: string; status: string; invoices: number }[] }).tenants;
      expect(outcomes.map((row) => [row.tenant_id, row.status, row.invoices]).sort()).toEqual(
        [
          [tenant.tenantId, "closed", 1],
          [blockedTenantId, "closed", 1],
        ].sort(),
      );

      // Every tenant's invoices, then the tenant's, where its invoice is marked paid.
      await page.goto(`${stack.apiUrl}/admin/invoices`);
      const everyTenant = page.getByTestId("admin-invoice-table").filter({ visible: true }).first();
      await everyTenant.getByText("Blocked Close Ltd").waitFor();
      await everyTenant.getByText("Billing Runs Ltd").waitFor();
      // The tenant filter searches (never the whole directory): typing narrows it, choosing puts it in the URL.
      const filter = page.getByTestId("admin-invoices-tenant");
      expect(await filter.textContent()).toBe("Every tenant");
      await filter.click();
      await page.getByTestId("admin-invoices-tenant-search").fill("billing runs");
      const option = page.getByTestId("admin-invoices-tenant-option").filter({ hasText: "Billing Runs Ltd" });
      await option.waitFor();
      const options = page.getByTestId("admin-invoices-tenant-option");
      await expect
        .poll(async () => (await options.allTextContents()).some((text) => text.includes("Blocked Close Ltd")))
        .toBe(false);
      await screenshot(page, "admin-invoices-tenant-search-1440");
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, "admin-invoices-tenant-search-390");
      await page.setViewportSize({ width: 1440, height: 900 });
      await option.click();
      await page.waitForURL(new RegExp(`for_tenant=${tenant.tenantId}`));
      // A reload keeps the choice, its name looked up by id.
      await page.reload();
      await expect.poll(() => filter.textContent()).toBe("Billing Runs Ltd");
      const row = page.getByTestId("admin-invoice-table").filter({ visible: true }).first();
      await row.getByTestId("admin-invoice-status").filter({ hasText: "Open" }).waitFor();
      await row.getByTestId("mark-paid").click();
      await page.getByTestId("mark-paid-confirm").click();
      await row.getByTestId("admin-invoice-status").filter({ hasText: "Paid" }).waitFor();

      // A credit note: the api's refusal shows at the amount field, then a valid one is issued.
      await row.getByTestId("credit-invoice").click();
      const credit = page.getByTestId("credit-invoice-dialog");
      await credit.getByTestId("credit-amount").fill("1000");
      await credit.getByTestId("credit-reason").fill("Goodwill for the e2e test");
      await credit.getByTestId("credit-invoice-submit").click();
      await credit.getByRole("alert").filter({ hasText: "at most 6 USD is left to credit" }).waitFor();
      await screenshot(page, "admin-invoice-credit-refused-1440");
      await credit.getByTestId("credit-amount").fill("1.50");
      await credit.getByTestId("credit-invoice-submit").click();
      await credit.waitFor({ state: "hidden" });

      const invoices = await operatorRest(`/v1/admin/invoices?tenant_id=${tenant.tenantId}`);
      const [invoice] = (invoices.json as { invoices: InvoiceJson[] }).invoices;
      expect(invoice?.status).toBe("paid");
      expect(invoice?.credit_notes.map((note) => note.reason)).toEqual(["Goodwill for the e2e test"]);
      expect(invoice?.period_start).toBe(lastMonthStart().toISOString());
      // 1M input at 3 + 0.2M output at 15 per million.
      expect(invoice?.total).toBe("6");
      // The refused credit note is the one error the browser logs.
      expect(errors.filter((error) => !error.includes("status of 400"))).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);

  for (const viewport of VIEWPORTS) {
    it(`the billing pages at ${viewport.width.toString()} px: load, no browser errors, axe-clean, no sideways scroll`, async () => {
      const targets: PageTarget[] = [
        { name: "billing-runs", path: "/admin/billing-runs", ready: "billing-runs-table" },
        { name: "billing-run", path: `/admin/billing-runs/${runId}`, ready: "billing-run-tenants" },
        { name: "billing-run-failed", path: `/admin/billing-runs/${runId}?status=failed`, ready: "empty" },
        { name: "admin-invoices", path: "/admin/invoices", ready: "admin-invoice-table" },
        {
          name: "admin-invoices-tenant",
          path: `/admin/invoices?for_tenant=${tenant.tenantId}&status=paid`,
          ready: "admin-invoice-table",
        },
        { name: "admin-invoices-void", path: "/admin/invoices?status=void", ready: "empty" },
      ];
      await checkConsolePages(stack.apiUrl, targets, viewport, OPERATOR);
    }, 180_000);
  }
});

describe("invoice actions on the invoice's page", () => {
  beforeAll(async () => {
    invoiceTenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Invoice Actions Ltd");
    await subscribeToPricedPlan(db, invoiceTenant.tenantId, INVOICE_MODEL, { input: "3", output: "15" });
    await db.tenant.update({ where: { id: invoiceTenant.tenantId }, data: { invoiceGraceHours: 0 } });
    await createUser(db, { ...INVOICE_OPERATOR, name: "Otto Operator", role: "operator", tenantId: null });
    await createUser(db, { ...ADMIN, name: "Ada Admin", role: "tenant_admin", tenantId: invoiceTenant.tenantId });
    const events = [
      {
        id: "last-1",
        model: INVOICE_MODEL,
        timestamp: lastMonth().toISOString(),
        input_tokens: 1_000_000,
        output_tokens: 0,
      },
    ];
    const accepted = await fetch(`${stack.ingestUrl}/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${invoiceTenant.apiKey}` },
      body: JSON.stringify({ events }),
    });
    expect(accepted.status).toBe(202);
    for (let tries = 0; (await db.usageEvent.count({ where: { tenantId: invoiceTenant.tenantId } })) < 1; tries++) {
      if (tries > 200) throw new Error("the worker did not record the event within 20 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const closed = await closeBillingPeriod(db, invoiceTenant.tenantId, DEFAULT_INVOICE_ISSUER, { system: "e2e" });
    invoiceId = closed.status === "closed" ? (closed.invoices[0]?.id ?? "") : "";
    expect(invoiceId).not.toBe("");
    // A pending anchor change (issue 19), shown on the operator's tenant page and the tenant's settings.
    await setTenantBilling(
      db,
      invoiceTenant.tenantId,
      { prepaid: false, billingAnchorDay: 15 },
      { actor: OPERATOR_KEY },
    );
    // A change in effect since this month's 1st whose short period is not invoiced yet (one boundary is kept): a
    // further change waits for that invoice, and the operator's page says until when instead of offering a button.
    const blocked = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Anchor Blocked Ltd");
    anchorBlockedTenantId = blocked.tenantId;
    const now = new Date();
    await db.tenant.update({
      where: { id: anchorBlockedTenantId },
      data: {
        billingAnchorDay: 1,
        nextBillingAnchorDay: 15,
        billingAnchorChangesAt: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
      },
    });
  }, 180_000);

  it("the operator's tenant page says when the anchor day can change again, and offers no change", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${stack.apiUrl}/admin/tenants/${anchorBlockedTenantId}`);
      await signIn(page, INVOICE_OPERATOR.email, INVOICE_OPERATOR.password);
      const blocked = page.getByTestId("billing-anchor-blocked");
      await blocked.waitFor();
      const text = await blocked.innerText();
      expect(text).toMatch(
        /^No further change until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: the change to day 15 took effect/,
      );
      expect(text).toContain("is invoiced");
      expect(await page.getByTestId("billing-anchor-change").count()).toBe(0);
      expect(await page.getByTestId("billing-anchor-day").count()).toBe(0);
      await screenshot(page, "anchor-blocked-tenant-1440");
    } finally {
      await close();
    }
  }, 180_000);

  it("an operator marks the invoice paid and credits it there; only valid actions show", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/invoices/${invoiceId}?tenant=${invoiceTenant.tenantId}`);
      await signIn(page, INVOICE_OPERATOR.email, INVOICE_OPERATOR.password);
      const actions = page.getByTestId("invoice-page-actions");
      await page.getByTestId("invoice-status").filter({ hasText: "Open" }).waitFor();
      // Open: mark paid, void, credit; no regenerate.
      await actions.getByTestId("mark-paid").waitFor();
      expect(await actions.getByTestId("regenerate-invoice").count()).toBe(0);
      await screenshot(page, "invoice-page-actions-open-1440");
      await actions.getByTestId("mark-paid").click();
      await page.getByTestId("mark-paid-dialog").waitFor();
      await screenshot(page, "invoice-page-mark-paid-dialog-1440");
      await page.getByTestId("mark-paid-confirm").click();
      await page.getByTestId("invoice-status").filter({ hasText: "Paid" }).waitFor();
      // Paid: only the credit note.
      expect(await actions.getByTestId("mark-paid").count()).toBe(0);
      await actions.getByTestId("credit-invoice").click();
      const credit = page.getByTestId("credit-invoice-dialog");
      await credit.getByTestId("credit-amount").fill("1.50");
      await credit.getByTestId("credit-reason").fill("Goodwill from the invoice page");
      await credit.getByTestId("credit-invoice-submit").click();
      await credit.waitFor({ state: "hidden" });
      await page.getByText("Goodwill from the invoice page").first().waitFor();
      await screenshot(page, "invoice-page-actions-paid-1440");
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, "invoice-page-actions-paid-390");
      const invoice = await db.invoice.findUniqueOrThrow({ where: { id: invoiceId }, include: { creditNotes: true } });
      expect(invoice.status).toBe("paid");
      expect(invoice.creditNotes.map((note) => note.reason)).toEqual(["Goodwill from the invoice page"]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);

  it("the tenant's admin sees the invoice without any action", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${stack.apiUrl}/invoices/${invoiceId}`);
      await signIn(page, ADMIN.email, ADMIN.password);
      await page.getByTestId("invoice-status").filter({ hasText: "Paid" }).waitFor();
      // The issuer by name (the stack's default, the platform's), never by its number code.
      expect(await page.getByTestId("invoice-issuer").innerText()).toBe("Tollgate");
      await page.getByText("Issued by Tollgate").waitFor();
      expect(await page.getByText("Issued by TG").count()).toBe(0);
      expect(await page.getByTestId("invoice-page-actions").count()).toBe(0);
      expect(await page.getByTestId("credit-invoice").count()).toBe(0);
      await screenshot(page, "invoice-page-tenant-admin-1440");
      // The procedures refuse the tenant's roles whatever the console shows.
      const refused = await page.evaluate(async (id) => {
        const response = await fetch("/trpc/invoiceAdmin.markPaid", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ invoiceId: id }),
        });
        return response.status;
      }, invoiceId);
      expect(refused).toBe(403);
    } finally {
      await close();
    }
  }, 180_000);

  for (const viewport of VIEWPORTS) {
    it(`the invoice page with its actions at ${viewport.width.toString()} px: axe-clean, no sideways scroll`, async () => {
      const targets: PageTarget[] = [
        {
          name: "invoice-actions",
          path: `/invoices/${invoiceId}?tenant=${invoiceTenant.tenantId}`,
          ready: "invoice-status",
        },
        {
          name: "anchor-pending-tenant",
          path: `/admin/tenants/${invoiceTenant.tenantId}`,
          ready: "billing-anchor-summary",
        },
        {
          name: "anchor-pending-settings",
          path: `/settings?tenant=${invoiceTenant.tenantId}`,
          ready: "billing-anchor-summary",
        },
        {
          name: "anchor-blocked-tenant",
          path: `/admin/tenants/${anchorBlockedTenantId}`,
          ready: "billing-anchor-blocked",
        },
      ];
      await checkConsolePages(stack.apiUrl, targets, viewport, INVOICE_OPERATOR);
    }, 180_000);
  }
});
