import { createDbClient, type Db } from "@tollgate/db";
import { createUser } from "@tollgate/use-cases/accounts";
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
 * tenant's invoices and marks it paid; the api agrees.
 */
const MODEL = "anthropic/claude-e2e-billing-runs";
const OPERATOR = { email: "operator@billing-runs.example", password: "correct horse battery staple" };

let stack: TestStack;
let db: Db;
let tenant: TenantWithKey;
let runId = "";
let blockedTenantId = "";
let blockerId = "";

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

function lastMonthStart(): Date {
  return new Date(Date.UTC(lastMonth().getUTCFullYear(), lastMonth().getUTCMonth(), 1));
}

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

describe("operator billing runs in Chromium", () => {
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
      await page.goto(`${stack.apiUrl}/admin/invoices?for_tenant=${tenant.tenantId}`);
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
