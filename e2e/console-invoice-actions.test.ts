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
 * The invoice's own page in Chromium over the real stack (issue 20): an operator looking at the tenant marks the
 * invoice paid and credits it there (the /admin/invoices actions, by status, confirmed); the tenant's admin sees
 * the same page without any action.
 */
const MODEL = "anthropic/claude-e2e-invoice-actions";
const OPERATOR = { email: "operator@invoice-actions.example", password: "correct horse battery staple" };
const ADMIN = { email: "admin@invoice-actions.example", password: "correct horse battery staple" };

let stack: TestStack;
let db: Db;
let tenant: TenantWithKey;
let invoiceId = "";
const OPERATOR_KEY = { kind: "operator_key", keyId: null, prefix: "tg_e2e" } as const;

/** The last day of the previous UTC month: inside ingest's 35-day window whatever today is. */
function lastMonth(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 12 * 3_600_000);
}

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true, workerEnv: { WORKER_BILLING_CLOSE_INTERVAL_MS: "3600000" } });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  tenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Invoice Actions Ltd");
  await subscribeToPricedPlan(db, tenant.tenantId, MODEL, { input: "3", output: "15" });
  await db.tenant.update({ where: { id: tenant.tenantId }, data: { invoiceGraceHours: 0 } });
  await createUser(db, { ...OPERATOR, name: "Otto Operator", role: "operator", tenantId: null });
  await createUser(db, { ...ADMIN, name: "Ada Admin", role: "tenant_admin", tenantId: tenant.tenantId });
  const events = [
    { id: "last-1", model: MODEL, timestamp: lastMonth().toISOString(), input_tokens: 1_000_000, output_tokens: 0 },
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
  const closed = await closeBillingPeriod(db, tenant.tenantId, DEFAULT_INVOICE_ISSUER, { system: "e2e" });
  invoiceId = closed.status === "closed" ? (closed.invoices[0]?.id ?? "") : "";
  expect(invoiceId).not.toBe("");
  // A pending anchor change (issue 19), shown on the operator's tenant page and the tenant's settings.
  await setTenantBilling(db, tenant.tenantId, { prepaid: false, billingAnchorDay: 15 }, { actor: OPERATOR_KEY });
}, 180_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

describe("invoice actions on the invoice's page", () => {
  it("an operator marks the invoice paid and credits it there; only valid actions show", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/invoices/${invoiceId}?tenant=${tenant.tenantId}`);
      await signIn(page, OPERATOR.email, OPERATOR.password);
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
        { name: "invoice-actions", path: `/invoices/${invoiceId}?tenant=${tenant.tenantId}`, ready: "invoice-status" },
        { name: "anchor-pending-tenant", path: `/admin/tenants/${tenant.tenantId}`, ready: "billing-anchor-summary" },
        {
          name: "anchor-pending-settings",
          path: `/settings?tenant=${tenant.tenantId}`,
          ready: "billing-anchor-summary",
        },
      ];
      await checkConsolePages(stack.apiUrl, targets, viewport, OPERATOR);
    }, 180_000);
  }
});
