import { readFileSync } from "node:fs";
import { createDbClient, type Db } from "@tollgate/db";
import { formatCount, formatMoney, money, shortDay } from "@tollgate/domain";
import { createUser } from "@tollgate/use-cases/accounts";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import {
  checkConsolePages,
  type PageTarget,
  screenshot,
  seriousAxeViolations,
  signIn as signInAs,
  VIEWPORTS,
  watchBrowserErrors,
} from "./support/console-pages.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan, type TenantWithKey } from "./support/priced-tenant.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";
import { TrpcHttpSession } from "./support/trpc-http.ts";

const MODEL = "anthropic/claude-e2e-console";
const EMAIL = "admin@console-pages.example";
const PASSWORD = "correct horse battery staple";
const VIEWER_EMAIL = "viewer@console-pages.example";
const OPERATOR_EMAIL = "operator@console-pages.example";

let stack: TestStack;
let db: Db;
let tenant: TenantWithKey;
let invoiceId: string;
let invoiceNumber: string;
let grantId: string;

/** The last day of the previous UTC month: inside ingest's 35-day window whatever today is. */
function lastMonth(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 12 * 3_600_000);
}

/** An instant `minutes` ago, but never before this UTC month (this month's totals must not move on the 1st). */
function minutesAgo(minutes: number): string {
  const now = new Date();
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  return new Date(Math.max(now.getTime() - minutes * 60_000, monthStart)).toISOString();
}

/** The agent task two of this month's events belong to. */
const TASK = { task_id: "refactor-auth", agent: "claude-code" } as const;
/** The operator's budget allowance for the tenant: tenant budgets up to 500, no hard limits. */
const BUDGETS_SOFT_ONLY = {
  prepaid: false,
  tenant_budgets_allowed: true,
  tenant_budget_max_amount: "500",
  tenant_hard_budgets_allowed: false,
};

async function operatorRest(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${stack.operatorKey}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  tenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Console Pages Ltd");
  await subscribeToPricedPlan(db, tenant.tenantId, MODEL, { input: "3", cached_input: "0.3", output: "15" });
  await createUser(db, {
    email: OPERATOR_EMAIL,
    name: "Otto Operator",
    password: PASSWORD,
    role: "operator",
    tenantId: null,
  });
  await createUser(db, {
    email: EMAIL,
    name: "Ada Admin",
    password: PASSWORD,
    role: "tenant_admin",
    tenantId: tenant.tenantId,
  });

  const events = [
    {
      id: "nov-1",
      timestamp: lastMonth().toISOString(),
      input_tokens: 1_200_000,
      cached_input_tokens: 9_000_000,
      output_tokens: 300_000,
      task_id: "nov-migration",
      agent: "claude-code",
    },
    { id: "nov-2", timestamp: lastMonth().toISOString(), input_tokens: 800_000, output_tokens: 100_000 },
    // This month's usage, in three events of two agent tasks (together what the overview's tests expect).
    {
      id: "now-1",
      timestamp: minutesAgo(25),
      input_tokens: 250_000,
      cached_input_tokens: 1_500_000,
      output_tokens: 30_000,
      ...TASK,
    },
    { id: "now-2", input_tokens: 50_000, cached_input_tokens: 500_000, output_tokens: 10_000, ...TASK },
    { id: "now-3", input_tokens: 100_000, output_tokens: 10_000, task_id: "fix-flaky-test", agent: "aider" },
  ].map((event) => ({ model: MODEL, ...event }));
  const accepted = await fetch(`${stack.ingestUrl}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tenant.apiKey}` },
    body: JSON.stringify({ events }),
  });
  expect(accepted.status).toBe(202);
  // Recorded by the worker (expect.poll is only for tests, not hooks).
  for (let tries = 0; (await db.usageEvent.count({ where: { tenantId: tenant.tenantId } })) < 5; tries++) {
    if (tries > 200) throw new Error("the worker did not record the events within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // An endpoint before the invoice is finalized, so the delivery log has the invoice.finalized event.
  const endpoint = await operatorRest("POST", `/v1/admin/tenants/${tenant.tenantId}/webhook-endpoints`, {
    url: "https://203.0.113.9/console-pages-hooks",
    events: ["invoice.finalized", "invoice.paid"],
    description: "Billing system",
  });
  expect(endpoint.status).toBe(201);
  await createUser(db, {
    email: VIEWER_EMAIL,
    name: "Vera Viewer",
    password: PASSWORD,
    role: "tenant_viewer",
    tenantId: tenant.tenantId,
  });

  // skip_grace (the default) finalizes as soon as the period has ended, so the test may run on the 1st too.
  const closed = await operatorRest("POST", `/v1/admin/tenants/${tenant.tenantId}/invoices/close`, {});
  expect(closed.status).toBe(200);
  const [invoice] = (closed.json as { invoices: { id: string; number: string }[] }).invoices;
  if (!invoice) throw new Error("closing last month made no invoice");
  invoiceId = invoice.id;
  invoiceNumber = invoice.number;

  const grant = await operatorRest("POST", `/v1/admin/tenants/${tenant.tenantId}/credit-grants`, {
    kind: "paid",
    amount: "50",
    currency: "USD",
    reason: "Prepaid top-up",
  });
  expect(grant.status).toBe(201);
  grantId = (grant.json as { id: string }).id;
  // A pending invitation, so the team page's screenshots show both of its lists.
  const admin = new TrpcHttpSession(stack.apiUrl);
  await admin.mutation("auth.login", { email: EMAIL, password: PASSWORD });
  await admin.mutation("team.invite", { email: "pending.invitee@console-pages.example", role: "tenant_admin" });
  // Budgets through the real operations: the operator allows tenant budgets (soft only, up to 500) and sets a
  // whole-tenant budget that this month's event has used most of; the tenant admin sets one on a customer.
  const allowance = await operatorRest("PUT", `/v1/admin/tenants/${tenant.tenantId}/billing`, BUDGETS_SOFT_ONLY);
  expect(allowance.status).toBe(200);
  const tenantBudget = await operatorRest("POST", `/v1/admin/tenants/${tenant.tenantId}/budgets`, {
    scope: "tenant",
    amount: "4",
    currency: "USD",
  });
  expect(tenantBudget.status).toBe(201);
  await admin.mutation("tenantBudgets.create", {
    scope: "customer",
    scopeRef: "acme-corp",
    amount: "100",
    currency: "USD",
  });

  // Alerts as the worker writes them (budget crossings and credit checks insert these rows).
  await db.alert.createMany({
    data: [
      {
        tenantId: tenant.tenantId,
        kind: "credit.low",
        dedupeKey: "e2e:credit-low",
        payload: { grant_id: grantId, remaining: "4.5", granted: "50", currency: "USD" },
      },
      {
        tenantId: tenant.tenantId,
        kind: "budget.threshold_crossed",
        dedupeKey: "e2e:budget-80",
        payload: { scope: "tenant", threshold_percent: 80, spent: "80", amount: "100", currency: "USD" },
      },
    ],
  });
}, 180_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

async function signIn(page: Page, email = EMAIL): Promise<void> {
  await signInAs(page, email, PASSWORD);
}

async function checkPages(targets: PageTarget[], viewport: (typeof VIEWPORTS)[number], email: string): Promise<void> {
  await checkConsolePages(stack.apiUrl, targets, viewport, { email, password: PASSWORD });
}

function pages(): PageTarget[] {
  return [
    { name: "overview", path: "/", ready: "model-table" },
    { name: "usage", path: "/usage?group_by=api_key", ready: "explore-table" },
    { name: "tasks", path: "/tasks", ready: "task-table" },
    { name: "task", path: `/tasks/${TASK.task_id}`, ready: "task-lines" },
    { name: "invoices", path: "/invoices", ready: "invoice-table" },
    { name: "invoice", path: `/invoices/${invoiceId}`, ready: "invoice-lines" },
    { name: "upcoming-invoice", path: "/invoices/upcoming", ready: "invoice-lines" },
    { name: "credits", path: "/credits", ready: "grant-table" },
    { name: "credit-grant", path: `/credits/${grantId}`, ready: "grant-summary" },
    { name: "alerts", path: "/alerts", ready: "alert-table" },
    { name: "budgets", path: "/budgets", ready: "budget-table" },
    { name: "api-keys", path: "/keys", ready: "key-table" },
    { name: "webhooks", path: "/webhooks", ready: "delivery-table" },
    { name: "team", path: "/team", ready: "invitation-table" },
    { name: "settings", path: "/settings", ready: "low-credit-submit" },
    { name: "not-found", path: "/no-such-page", ready: "not-found" },
    // Public, outside the signed-in layout: a made-up token is refused once submitted, and the page says why.
    {
      name: "invite-invalid",
      path: "/invite#token=not-a-real-invitation",
      ready: "invite-invalid",
      act: acceptInvite,
      refused: 404,
    },
  ];
}

/** The operators' own pages (signed in as an operator). */
function operatorPages(): PageTarget[] {
  return [
    { name: "admin-tenants", path: "/admin/tenants?sort=spend", ready: "admin-tenant-table" },
    { name: "admin-tenants-search", path: "/admin/tenants?q=console", ready: "admin-tenant-table" },
    { name: "admin-tenants-empty", path: "/admin/tenants?q=no-such-tenant", ready: "empty" },
    { name: "audit-log", path: "/admin/audit-log", ready: "audit-table" },
    {
      name: "audit-log-filtered",
      path: `/admin/audit-log?for_tenant=${tenant.tenantId}&entity_type=credit_grant`,
      ready: "audit-table",
    },
  ];
}

/** Fills in the invitation page and submits it. */
async function acceptInvite(page: Page, name = "Ivy Invitee"): Promise<void> {
  await page.getByTestId("invite-name").fill(name);
  await page.getByTestId("invite-password").fill(PASSWORD);
  await page.getByTestId("invite-confirm").fill(PASSWORD);
  await page.getByTestId("invite-submit").click();
}

describe("tenant console pages in Chromium", () => {
  for (const viewport of VIEWPORTS) {
    it(`every page at ${viewport.width.toString()} px: loads, no browser errors, axe-clean, no sideways scroll`, async () => {
      await checkPages(pages(), viewport, EMAIL);
    }, 180_000);
  }

  it("the overview shows this period's spend, projection and upcoming invoice as the api computes them", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}/`);
      await signIn(page);
      // This month's event: $3/M × 0.4M + $0.30/M × 2M + $15/M × 0.05M = $1.20 + $0.60 + $0.75
      await page.getByTestId("spent-so-far").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("spent-so-far").textContent()).toBe("$2.55");
      await expect.poll(() => page.getByTestId("upcoming-invoice-total").textContent()).toBe("$2.55");
      // A tenant created today has no full day to project from: the projection is what was spent.
      expect(await page.getByTestId("projected-total").textContent()).toBe("$2.55");
      expect(await page.getByTestId("projected-range").textContent()).toContain("No full day");
      // Where this period's spend went (the only key; claude-code $1.65 + $0.45, aider $0.45) and the newest
      // alerts, linking to all of them.
      await expect.poll(() => page.getByTestId("top-api-keys").textContent()).toContain("$2.55");
      // The period's models, from the same explorer read as keys and agents: the only model, all of the $2.55.
      await expect.poll(() => page.getByTestId("top-models").textContent()).toBe(`Top models${MODEL}$2.55`);
      await expect.poll(() => page.getByTestId("top-agents").textContent()).toContain("claude-code");
      const agents = (await page.getByTestId("top-agents").textContent()) ?? "";
      expect([agents.includes("$2.10"), agents.includes("aider"), agents.includes("$0.45")]).toEqual([
        true,
        true,
        true,
      ]);
      const recent = page.getByTestId("recent-alerts");
      await expect.poll(() => recent.textContent()).toContain("Monthly budget reached 80 %");
      expect(await recent.textContent()).toContain("Credit running low");
      await page.getByTestId("all-alerts-link").click();
      await page.getByTestId("alert-table").waitFor({ timeout: 15_000 });
    } finally {
      await close();
    }
  }, 120_000);

  it("the usage explorer's totals and CSV match usageReads.summary for the same range", async () => {
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const to = new Date(today.getTime() + 86_400_000);
    const session = new TrpcHttpSession(stack.apiUrl);
    await session.mutation("auth.login", { email: EMAIL, password: PASSWORD });
    const summary = await session.query<{ currency: string; total: { amount: string; total_tokens: string } }>(
      "usageReads.summary",
      { from: from.toISOString(), to: to.toISOString() },
    );
    // Both events of last month and this month's (the key test, which adds one, runs later).
    expect(summary.total.total_tokens).toBe("13850000");

    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      const errors = watchBrowserErrors(page);
      const day = (at: Date) => at.toISOString().slice(0, 10);
      await page.goto(`${stack.apiUrl}/usage?group_by=customer&from=${day(from)}&to=${day(today)}`);
      await signIn(page);
      await page.getByTestId("explore-table").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("explore-total-tokens").textContent()).toBe(
        formatCount(summary.total.total_tokens),
      );
      expect(await page.getByTestId("explore-total-amount").textContent()).toBe(
        formatMoney(summary.total.amount, summary.currency),
      );

      await page.getByTestId("explore-download-menu").click();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("download-explore-csv").click(),
      ]);
      const lines = readFileSync(await download.path(), "utf8")
        .trimEnd()
        .split("\r\n");
      expect(lines[0]).toBe(
        "customer,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens,reasoning_tokens,total_tokens,amount,currency",
      );
      // No customer on these events: one "(none)" group, then the total; amounts rounded as shown ($14.70 + $2.55).
      expect(lines.slice(1)).toEqual([
        "(none),2400000,11000000,0,450000,0,13850000,17.25,USD",
        "Total,2400000,11000000,0,450000,0,13850000,17.25,USD",
      ]);

      // The controls write the URL: the metric, then a filter from the menu (the only model keeps the totals).
      await page.getByRole("radio", { name: "Amount" }).click();
      await page.waitForURL(/metric=amount/);
      await page.getByTestId("filter-model").click();
      await page.getByRole("menuitemcheckbox", { name: MODEL }).click();
      await page.waitForURL(/model=/);
      await page.keyboard.press("Escape");
      expect(new URL(page.url()).searchParams.get("model")).toBe(JSON.stringify([MODEL]));
      await page.getByTestId("filter-model").filter({ hasText: "(1)" }).waitFor();
      expect(await page.getByTestId("explore-total-amount").textContent()).toBe("$17.25");
      await screenshot(page, "usage-filtered-390");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("an agent task's page shows the sum of the usage sent with its task_id, as the api reports it", async () => {
    const session = new TrpcHttpSession(stack.apiUrl);
    await session.mutation("auth.login", { email: EMAIL, password: PASSWORD });
    type Task = { rounded_amount: string; event_count: string; lines: { rounded_amount: string }[] };
    const task = await session.query<Task>("tasks.get", { task_id: TASK.task_id });
    // now-1 and now-2: $3/M × 0.3M input + $0.30/M × 2M cached + $15/M × 0.04M output = $0.90 + $0.60 + $0.60
    expect(task).toMatchObject({ rounded_amount: "2.1", event_count: "2" });
    expect(task.lines.reduce((sum, line) => sum.plus(line.rounded_amount), money("0")).toFixed()).toBe("2.1");
    type List = { tasks: { task_id: string; rounded_amount: string }[]; agents: string[] };
    const list = await session.query<List>("tasks.list", { sort: "tokens" });
    expect(list.tasks.map((listed) => [listed.task_id, listed.rounded_amount])).toEqual([
      [TASK.task_id, "2.1"],
      ["fix-flaky-test", "0.45"],
    ]);
    expect(list.agents).toEqual(["aider", "claude-code"]);

    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/tasks?sort=tokens&agent=claude-code`);
      await signIn(page);
      await page.getByTestId("task-link").filter({ hasText: TASK.task_id }).click();
      await page.getByTestId("task-lines").waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).pathname).toBe(`/tasks/${TASK.task_id}`);
      expect(await page.getByTestId("task-total").textContent()).toBe(formatMoney(task.rounded_amount, "USD"));
      expect(await page.getByTestId("task-total").textContent()).toBe("$2.10");
      // Back to the list as it was: the filters came along.
      await page.getByTestId("tasks-back").click();
      await page.getByTestId("task-table").waitFor();
      const back = new URL(page.url());
      expect([back.pathname, back.searchParams.get("sort"), back.searchParams.get("agent")]).toEqual([
        "/tasks",
        "tokens",
        "claude-code",
      ]);
      // The search box narrows the list by id prefix and writes the URL.
      await page.getByTestId("task-search").fill("fix");
      await page.waitForURL(/q=fix/);
      await page.getByTestId("empty").filter({ hasText: "No tasks match" }).waitFor();
      // An unknown task says so plainly.
      await page.goto(`${stack.apiUrl}/tasks/no-such-task`);
      await page.getByTestId("empty").filter({ hasText: "No such task" }).waitFor({ timeout: 15_000 });
      expect(errors.filter((error) => !error.includes("404"))).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("lists last month's invoice, opens it and downloads its PDF and CSV; the numbers match the api", async () => {
    const session = new TrpcHttpSession(stack.apiUrl);
    await session.mutation("auth.login", { email: EMAIL, password: PASSWORD });
    const viaApi = await session.query<{ total: string; number: string }>("invoices.get", { invoiceId });
    expect(viaApi.number).toBe(invoiceNumber);

    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}/invoices`);
      await signIn(page);
      await page.getByTestId("invoice-link").filter({ hasText: invoiceNumber }).click();
      await page.getByTestId("invoice-lines").filter({ visible: true }).waitFor();
      expect(page.url()).toBe(`${stack.apiUrl}/invoices/${invoiceId}`);
      // $3/M × 2.0M input + $0.30/M × 9M cached + $15/M × 0.4M output = $6 + $2.70 + $6 = $14.70
      expect(viaApi.total).toBe("14.7");
      expect(await page.getByTestId("invoice-total").textContent()).toBe("$14.70");

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("download-invoice-pdf").click(),
      ]);
      expect(download.suggestedFilename()).toContain(invoiceNumber);
      const path = await download.path();
      expect(readFileSync(path).subarray(0, 5).toString()).toBe("%PDF-");

      // The CSV is the api's own file for this invoice: its line amounts add up to the invoice's total.
      const [csvDownload] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("download-invoice-csv").click(),
      ]);
      expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);
      const [header = "", ...rows] = readFileSync(await csvDownload.path(), "utf8")
        .trimEnd()
        .split("\r\n");
      const columns = header.split(",");
      expect(columns.slice(0, 2)).toEqual(["invoice_number", "period_start"]);
      const amountAt = columns.indexOf("amount");
      expect(amountAt).toBeGreaterThan(0);
      expect(rows.every((row) => row.startsWith(`${invoiceNumber},`))).toBe(true);
      const csvTotal = rows.reduce((sum, row) => sum.plus(row.split(",")[amountAt] ?? "NaN"), money("0"));
      expect(csvTotal.toString()).toBe(viaApi.total);

      // The back button returns to the list, as in any web app.
      await page.goBack();
      await page.getByTestId("invoice-table").waitFor();
      expect(page.url()).toBe(`${stack.apiUrl}/invoices`);
    } finally {
      await close();
    }
  }, 120_000);

  it("a tenant admin creates a key (secret shown once, copied), ingests with it, revokes it and it gets 401", async () => {
    const send = (key: string, id: string) =>
      fetch(`${stack.ingestUrl}/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ events: [{ model: MODEL, id, input_tokens: 10, output_tokens: 1 }] }),
      });
    const { browser, close } = await launchBrowser();
    try {
      await browser.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.apiUrl });
      const page = await browser.newPage();
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/keys`);
      await signIn(page);
      await page.getByTestId("key-table").waitFor({ timeout: 15_000 });
      await page.getByTestId("create-key").click();
      await page.getByTestId("key-name").fill("Console e2e key");
      await page.getByTestId("key-submit").click();
      const secretValue = page.getByTestId("secret-value");
      await secretValue.waitFor();
      const secret = (await secretValue.textContent()) ?? "";
      expect(secret).toMatch(/^tg_/);
      await expect.poll(() => page.getByTestId("secret-dialog").textContent()).toContain("will not be shown again");
      await page.getByTestId("secret-copy").click();
      await page.getByTestId("secret-copy-status").filter({ hasText: "Copied" }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      await screenshot(page, "api-key-secret-1280");
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByTestId("secret-done").click();

      expect((await send(secret, "console-key-1")).status).toBe(202);

      const row = page.getByRole("row").filter({ hasText: "Console e2e key" });
      await row.getByTestId("revoke-key").click();
      await page.getByTestId("revoke-key-confirm").click();
      await row.getByTestId("key-status").filter({ hasText: "Revoked" }).waitFor({ timeout: 15_000 });
      // Revocation reaches ingest through its announcement; the key is refused from then on.
      await expect.poll(async () => (await send(secret, "console-key-2")).status).toBe(401);
      // A revoked key has nothing left to change.
      expect(await row.getByTestId("rotate-key").count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("a tenant admin rotates a key with a grace period: both keys work, the old one until the grace ends", async () => {
    const send = (key: string, id: string) =>
      fetch(`${stack.ingestUrl}/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ events: [{ model: MODEL, id, input_tokens: 10, output_tokens: 1 }] }),
      });
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/keys`);
      await signIn(page);
      await page.getByTestId("key-table").waitFor({ timeout: 15_000 });
      await page.getByTestId("create-key").click();
      await page.getByTestId("key-name").fill("Rotated key");
      await page.getByTestId("key-submit").click();
      const oldSecret = (await page.getByTestId("secret-value").textContent()) ?? "";
      await page.getByTestId("secret-done").click();

      const rotatedAt = Date.now();
      await page.getByRole("row").filter({ hasText: "Rotated key" }).getByTestId("rotate-key").click();
      await page.getByTestId("rotate-grace").click();
      await page.getByRole("option", { name: "1 hour" }).click();
      await screenshot(page, "api-key-rotate-grace-1440");
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByTestId("rotate-key-confirm").click();
      const newSecret = page.getByTestId("secret-value");
      await newSecret.waitFor();
      const rotatedSecret = (await newSecret.textContent()) ?? "";
      expect(await page.getByTestId("secret-dialog").textContent()).toContain("keeps working for 1 hour");
      await page.getByTestId("secret-done").click();

      expect([
        (await send(rotatedSecret, "rotated-new")).status,
        (await send(oldSecret, "rotated-old")).status,
      ]).toEqual([202, 202]);
      // The old key now expires an hour after the rotation, as the api reports it.
      const session = new TrpcHttpSession(stack.apiUrl);
      await session.mutation("auth.login", { email: EMAIL, password: PASSWORD });
      const keys = await session.query<{ name: string; expiresAt: string | null }[]>("apiKeys.list", {});
      const expiries = keys
        .filter((key) => key.name === "Rotated key")
        .map((key) => (key.expiresAt === null ? null : Date.parse(key.expiresAt) - rotatedAt));
      expect(expiries).toContain(null);
      const graceMs = expiries.find((expiry) => expiry !== null) ?? 0;
      expect(graceMs).toBeGreaterThan(3_500_000);
      expect(graceMs).toBeLessThanOrEqual(3_600_000 + 60_000);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("a tenant admin invites a viewer; the link signs them in, once, as a viewer the api refuses to create keys for", async () => {
    const invitee = "ivy.invitee@console-pages.example";
    const admin = await launchBrowser();
    const guest = await launchBrowser();
    try {
      await admin.browser.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.apiUrl });
      const page = await admin.browser.newPage();
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/team`);
      await signIn(page);
      await page.getByTestId("member-table").waitFor({ timeout: 15_000 });
      await page.getByTestId("invite-member").click();
      await page.getByTestId("invite-email").fill(invitee);
      await page.getByTestId("invite-role-tenant_viewer").click();
      await page.getByTestId("invite-submit").click();
      const link = (await page.getByTestId("secret-value").textContent()) ?? "";
      expect(link).toMatch(new RegExp(`^${stack.apiUrl}/invite#token=[A-Za-z0-9_-]+$`));
      const said = (await page.getByTestId("secret-dialog").textContent()) ?? "";
      expect(said).toContain("sends no email");
      expect(said).toContain("expires in 7 days");
      expect(said).toContain("will not be shown again");
      await page.getByTestId("secret-copy").click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
      await screenshot(page, "team-invitation-link-1280");
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByTestId("secret-done").click();
      const invitation = page.getByRole("row").filter({ hasText: invitee });
      await invitation.getByTestId("invitation-status").filter({ hasText: "Pending" }).waitFor();

      // The admin's own role: the select asks first, and the api's refusal is shown as it says it.
      const me = page.getByRole("row").filter({ hasText: EMAIL });
      await me.getByTestId("member-role").click();
      await page.getByRole("option", { name: "Viewer" }).click();
      await page.getByTestId("change-role-confirm").click();
      await page
        .getByTestId("change-role-dialog")
        .getByRole("alert")
        .filter({ hasText: "you cannot change your own role" })
        .waitFor();
      await page.keyboard.press("Escape");

      // A fresh browser, as the invited person has: the link creates the account and signs it in.
      const viewerPage = await guest.browser.newPage();
      const viewerErrors = watchBrowserErrors(viewerPage);
      await viewerPage.goto(link);
      await acceptInvite(viewerPage);
      await expect.poll(() => viewerPage.getByTestId("header-context").textContent()).toBe("Console Pages Ltd");
      expect(await viewerPage.getByTestId("account-link").textContent()).toBe(invitee);
      const landed = new URL(viewerPage.url());
      expect(landed.pathname + landed.hash).toBe("/");
      await viewerPage.getByTestId("nav-api-keys").click();
      await viewerPage.getByTestId("key-table").waitFor({ timeout: 15_000 });
      expect(await viewerPage.getByTestId("create-key").count()).toBe(0);

      // The same session, asking the api directly: a viewer may not create keys.
      const cookies = await guest.browser.cookies(stack.apiUrl);
      const created = await fetch(`${stack.apiUrl}/trpc/apiKeys.create`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          cookie: cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; "),
        },
        body: JSON.stringify({ name: "viewer key", scopes: ["ingest"] }),
      });
      expect(created.status).toBe(403);
      const user = await db.user.findUniqueOrThrow({ where: { email: invitee } });
      expect(user).toMatchObject({ role: "tenant_viewer", tenantId: tenant.tenantId, name: "Ivy Invitee" });

      // The link worked once: opened again, it is refused with the reason and no form to retry.
      const again = await guest.browser.newPage();
      await again.goto(link);
      await acceptInvite(again, "Ivy Again");
      await again.getByTestId("invite-invalid").filter({ hasText: "used already" }).waitFor();
      expect(await again.getByTestId("invite-submit").count()).toBe(0);

      // The admin's list now has the viewer as a member, and no open invitation for them.
      await page.reload();
      const member = page.getByRole("row").filter({ hasText: invitee });
      await member.getByTestId("member-role").filter({ hasText: "Viewer" }).waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("invitation-table").getByText(invitee).count()).toBe(0);
      // The one error the browser logged is the refused change of the admin's own role.
      expect(errors).toEqual([
        "console: Failed to load resource: the server responded with a status of 409 (Conflict)",
      ]);
      expect(viewerErrors).toEqual([]);
    } finally {
      await admin.close();
      await guest.close();
    }
  }, 120_000);

  it("settings show the billing facts; an admin sets the low-credit alert, a viewer only reads it", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}/settings`);
      await signIn(page);
      const details = page.getByTestId("billing-details");
      await details.waitFor({ timeout: 15_000 });
      expect(await details.textContent()).toContain("E2E (version 1)");
      expect(await details.textContent()).toContain("30 days after the invoice");
      await page.getByTestId("low-credit-days").fill("0");
      await page.getByTestId("low-credit-submit").click();
      await page.getByText("a whole number of days from 1 to 90").waitFor();
      await page.getByTestId("low-credit-days").fill("14");
      await page.getByTestId("low-credit-submit").click();
      await page.getByTestId("low-credit-saved").waitFor({ timeout: 15_000 });
      const saved = await db.tenant.findUniqueOrThrow({ where: { id: tenant.tenantId } });
      expect(saved.lowCreditAlertDays).toBe(14);
    } finally {
      await close();
    }
    // A fresh browser: the viewer's own session.
    const second = await launchBrowser();
    try {
      const viewer = await second.browser.newPage();
      await viewer.goto(`${stack.apiUrl}/settings`);
      await signIn(viewer, VIEWER_EMAIL);
      await viewer.getByTestId("low-credit-setting").waitFor({ timeout: 15_000 });
      expect(await viewer.getByTestId("low-credit-setting").textContent()).toBe(
        "14 days before credit is projected to run out",
      );
      expect(await viewer.getByTestId("low-credit-submit").count()).toBe(0);
    } finally {
      await second.close();
    }
  }, 120_000);

  it("a viewer sees the keys, webhooks and team but no button that changes them", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}/keys`);
      await signIn(page, VIEWER_EMAIL);
      await page.getByTestId("key-table").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("create-key").count()).toBe(0);
      expect(await page.getByTestId("revoke-key").count()).toBe(0);
      expect(await page.getByTestId("rotate-key").count()).toBe(0);
      await page.goto(`${stack.apiUrl}/webhooks?status=pending`);
      await page.getByTestId("endpoint-table").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("create-endpoint").count()).toBe(0);
      expect(await page.getByTestId("delete-endpoint").count()).toBe(0);
      expect(await page.getByTestId("edit-endpoint").count()).toBe(0);
      expect(await page.getByTestId("redeliver").count()).toBe(0);
      // The team's lists, roles as text: no invite, role select, remove or revoke.
      await page.getByTestId("nav-team").click();
      await page.getByTestId("invitation-table").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("member-role-label").count()).toBeGreaterThan(0);
      for (const button of ["invite-member", "member-role", "remove-member", "revoke-invitation"]) {
        expect({ button, count: await page.getByTestId(button).count() }).toEqual({ button, count: 0 });
      }
      // Budgets: listed with their spend, nothing to create, change or delete.
      await page.goto(`${stack.apiUrl}/budgets`);
      await page.getByTestId("budget-table").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("budget-progress").count()).toBeGreaterThan(0);
      expect(await page.getByTestId("create-budget").count()).toBe(0);
      expect(await page.getByTestId("edit-budget").count()).toBe(0);
      expect(await page.getByTestId("delete-budget").count()).toBe(0);
    } finally {
      await close();
    }
  }, 120_000);

  it("the delivery log's status filter is in the URL, and a tenant admin redelivers", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}/webhooks`);
      await signIn(page);
      await page.getByTestId("delivery-table").waitFor({ timeout: 15_000 });
      await page.getByTestId("delivery-status-filter").click();
      await page.getByRole("option", { name: "Succeeded" }).click();
      await page.waitForURL(/status=succeeded/);
      await page.getByTestId("empty").filter({ hasText: "No succeeded deliveries." }).waitFor();
      await page.goBack();
      await page.getByTestId("delivery-table").waitFor();
      expect(new URL(page.url()).search).toBe("");
      await page.getByTestId("redeliver").first().click();
      await page.getByTestId("redeliver").filter({ hasText: "Queued" }).first().waitFor();
      const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { tenantId: tenant.tenantId } });
      expect(delivery.redeliveries).toBe(1);

      // The api's URL check is shown at the URL field (on a phone, where the dialog must fit too).
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId("create-endpoint").click();
      await page.getByTestId("endpoint-url").fill("https://10.0.0.7/hooks");
      await page.getByTestId("endpoint-events-invoice.paid").click();
      await page.getByTestId("endpoint-submit").click();
      const urlField = page.getByRole("textbox", { name: "URL" });
      await expect.poll(() => urlField.getAttribute("aria-invalid")).toBe("true");
      const messageId = (await urlField.getAttribute("aria-describedby")) ?? "";
      expect(await page.locator(`[id="${messageId}"]`).textContent()).toMatch(/10\.0\.0\.7 is a private address/);
      await screenshot(page, "webhook-endpoint-url-error-390");
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(await db.webhookEndpoint.count({ where: { tenantId: tenant.tenantId } })).toBe(1);
    } finally {
      await close();
    }
  }, 120_000);

  it("a tenant admin edits an endpoint: a private URL is refused at the field, then URL and events are saved", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/webhooks`);
      await signIn(page);
      await page.getByTestId("endpoint-table").waitFor({ timeout: 15_000 });
      await page.getByTestId("edit-endpoint").first().click();
      const dialog = page.getByTestId("edit-endpoint-dialog");
      const urlField = dialog.getByRole("textbox", { name: "URL" });
      expect(await urlField.inputValue()).toBe("https://203.0.113.9/console-pages-hooks");
      await urlField.fill("https://192.168.1.20/hooks");
      await dialog.getByTestId("edit-endpoint-submit").click();
      await expect.poll(() => urlField.getAttribute("aria-invalid")).toBe("true");
      const messageId = (await urlField.getAttribute("aria-describedby")) ?? "";
      expect(await page.locator(`[id="${messageId}"]`).textContent()).toMatch(/192\.168\.1\.20 is a private address/);
      await screenshot(page, "webhook-endpoint-edit-1440");
      expect(await seriousAxeViolations(page)).toEqual([]);

      await urlField.fill("https://203.0.113.10/console-pages-hooks-v2");
      await dialog.getByTestId("endpoint-events-invoice.voided").click();
      await dialog.getByTestId("edit-endpoint-submit").click();
      await dialog.waitFor({ state: "detached" });
      const saved = await db.webhookEndpoint.findFirstOrThrow({ where: { tenantId: tenant.tenantId } });
      expect({ url: saved.url, events: [...saved.events].sort() }).toEqual({
        url: "https://203.0.113.10/console-pages-hooks-v2",
        events: ["invoice.finalized", "invoice.paid", "invoice.voided"],
      });
      await page.getByTestId("endpoint-table").filter({ hasText: "console-pages-hooks-v2" }).waitFor();
      expect(errors.filter((error) => !error.includes("status of 400"))).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("an expired session leads to the sign-in form on the same page, and back to it after signing in", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}/`);
      await signIn(page);
      await page.getByTestId("model-table").waitFor({ timeout: 15_000 });
      // Off the overview first: its queries refresh themselves, and one that met the 401 before the click below
      // would already show the sign-in form (the nav gone under the click). The team page has no live queries.
      await page.getByTestId("nav-team").click();
      await page.getByTestId("invitation-table").waitFor({ timeout: 15_000 });
      const user = await db.user.findUniqueOrThrow({ where: { email: EMAIL } });
      await db.session.deleteMany({ where: { userId: user.id } });

      await page.getByTestId("nav-invoices").click();
      await page.getByTestId("session-expired").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("error").count()).toBe(0);
      await signIn(page);
      await page.getByTestId("invoice-table").waitFor({ timeout: 15_000 });
      expect(page.url()).toBe(`${stack.apiUrl}/invoices`);
    } finally {
      await close();
    }
  }, 120_000);

  it("a tenant admin marks an alert read: the nav's unread count drops, as the api counts it", async () => {
    const session = new TrpcHttpSession(stack.apiUrl);
    await session.mutation("auth.login", { email: EMAIL, password: PASSWORD });
    const before = await session.query<{ unread: number }>("alerts.unreadCount", {});
    expect(before.unread).toBeGreaterThan(0);

    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}/alerts?show=unread`);
      await signIn(page);
      const badge = page.getByTestId("alerts-unread-badge").filter({ visible: true });
      await expect.poll(() => badge.textContent()).toBe(`${before.unread.toString()} unread`);
      await page.getByTestId("mark-alert-read").first().click();
      await expect.poll(() => badge.textContent()).toBe(`${(before.unread - 1).toString()} unread`);
      expect((await session.query<{ unread: number }>("alerts.unreadCount", {})).unread).toBe(before.unread - 1);
      // The unread filter no longer lists it.
      await expect.poll(() => page.getByTestId("mark-alert-read").count()).toBe(before.unread - 1);
    } finally {
      await close();
    }
  }, 120_000);

  it("a grant's page shows the day's use, the balance after it and the chart, as the api reports them", async () => {
    // $3/M × 1M input tokens = $3.00, taken from the $50 grant when the worker rates the event.
    const sent = await fetch(`${stack.ingestUrl}/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tenant.apiKey}` },
      body: JSON.stringify({ events: [{ model: MODEL, id: "credit-1", input_tokens: 1_000_000, output_tokens: 0 }] }),
    });
    expect(sent.status).toBe(202);
    const session = new TrpcHttpSession(stack.apiUrl);
    await session.mutation("auth.login", { email: EMAIL, password: PASSWORD });
    type History = { grant: { balance: string }; days: { day: string; used: string; balance: string }[] };
    await expect
      .poll(async () => (await session.query<History>("credits.history", { grantId })).days.length, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const history = await session.query<History>("credits.history", { grantId });
    const today = new Date().toISOString().slice(0, 10);
    expect(history.days.at(-1)?.day).toBe(today);
    expect(history.days.at(-1)?.balance).toBe(history.grant.balance);

    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/credits`);
      await signIn(page);
      await page.getByTestId("grant-link").first().click();
      await page.getByTestId("grant-days").waitFor({ timeout: 15_000 });
      expect(page.url()).toBe(`${stack.apiUrl}/credits/${grantId}`);
      // This event's $3.00 and the keys test's few tokens were taken from the grant.
      expect(money("50").minus(history.grant.balance).gte(3)).toBe(true);
      expect(await page.getByTestId("grant-balance").textContent()).toBe(formatMoney(history.grant.balance, "USD"));
      // The day as the table writes it: "Dec 7, 2026".
      const todayShown = `${shortDay(new Date(`${today}T00:00:00Z`))}, ${today.slice(0, 4)}`;
      expect(await page.getByTestId("grant-days").textContent()).toContain(todayShown);
      await page.getByTestId("balance-chart").locator("svg").first().waitFor();
      await screenshot(page, "credit-grant-used-1280");
      expect({ violations: await seriousAxeViolations(page) }).toEqual({ violations: [] });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("a tenant admin sets a soft budget on a key: its spend is the key's usage; a hard one is refused at the field", async () => {
    const session = new TrpcHttpSession(stack.apiUrl);
    await session.mutation("auth.login", { email: EMAIL, password: PASSWORD });
    const { period_start: periodStart } = await session.query<{ period_start: string }>("tenantBudgets.list", {});
    // The key's usage this billing period as the usage explorer reports it (periods start at 00:00 UTC).
    const nextHour = new Date(Math.ceil((Date.now() + 1) / 3_600_000) * 3_600_000);
    type Explore = { currency: string; groups: { label: string; totals: { amount: string } }[] };
    const byKey = await session.query<Explore>("usageReads.explore", {
      from: periodStart,
      to: nextHour.toISOString(),
      group_by: "api_key",
    });
    const keyUsage = byKey.groups.find((group) => group.label === "Default key")?.totals.amount;
    expect(keyUsage).toBeDefined();
    expect(money(keyUsage ?? "0").gt(0)).toBe(true);

    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/budgets?scope=api_key`);
      await signIn(page);
      await page.getByTestId("empty").waitFor({ timeout: 15_000 });
      await page.getByTestId("create-budget").click();
      await page.getByTestId("budget-key").click();
      await page.getByRole("option", { name: "Default key" }).click();
      await page.getByTestId("budget-amount").fill("250");
      // Only soft budgets are allowed: the hard choice is there but cannot be picked.
      await page.getByTestId("budget-kind").click();
      expect(await page.getByRole("option", { name: /hard/ }).getAttribute("aria-disabled")).toBe("true");
      await page.keyboard.press("Escape");
      await page.getByTestId("budget-submit").click();
      const row = page.getByRole("row").filter({ hasText: "Default key" });
      await row.getByTestId("budget-spent").waitFor({ timeout: 15_000 });
      expect(await row.getByTestId("budget-spent").textContent()).toBe(formatMoney(keyUsage ?? "", byKey.currency));
      expect(await row.getByTestId("budget-owner").textContent()).toBe("Set by your team");
      const created = await db.budget.findFirstOrThrow({ where: { tenantId: tenant.tenantId, scope: "api_key" } });
      expect({ amount: created.amount.toFixed(), hard: created.hardLimit, by: created.managedBy }).toEqual({
        amount: "250",
        hard: false,
        by: "tenant",
      });

      // The operator allows hard limits, the admin picks one, and the operator withdraws them before it is saved:
      // the api's refusal is shown at the field it is about (on a phone, where the dialog must fit too).
      await page.setViewportSize({ width: 390, height: 844 });
      expect(
        (
          await operatorRest("PUT", `/v1/admin/tenants/${tenant.tenantId}/billing`, {
            ...BUDGETS_SOFT_ONLY,
            tenant_hard_budgets_allowed: true,
          })
        ).status,
      ).toBe(200);
      await page.goto(`${stack.apiUrl}/budgets`);
      await page.getByTestId("budget-table").waitFor({ timeout: 15_000 });
      await page.getByTestId("create-budget").click();
      await page.getByTestId("budget-scope").click();
      await page.getByRole("option", { name: "A customer" }).click();
      await page.getByTestId("budget-customer").fill("hard-co");
      await page.getByTestId("budget-amount").fill("10");
      await page.getByTestId("budget-kind").click();
      await page.getByRole("option", { name: /hard/ }).click();
      expect(
        (await operatorRest("PUT", `/v1/admin/tenants/${tenant.tenantId}/billing`, BUDGETS_SOFT_ONLY)).status,
      ).toBe(200);
      await page.getByTestId("budget-submit").click();
      const kindField = page.getByRole("combobox", { name: "When the limit is reached" });
      await expect.poll(() => kindField.getAttribute("aria-invalid")).toBe("true");
      const messageId = (await kindField.getAttribute("aria-describedby")) ?? "";
      expect(await page.locator(`[id="${messageId}"]`).textContent()).toMatch(/hard limits are not enabled/);
      await screenshot(page, "budget-hard-refused-390");
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(await db.budget.count({ where: { tenantId: tenant.tenantId, scopeRef: "hard-co" } })).toBe(0);
      expect(errors.filter((error) => !error.includes("403"))).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  // Last in this describe: the event is stored unrated, so no spend or figure another test checks changes.
  it("usage of a model without a price is an alert: the Unpriced usage filter names the model, the day and what to do", async () => {
    const sent = await fetch(`${stack.ingestUrl}/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tenant.apiKey}` },
      body: JSON.stringify({
        events: [{ model: "e2e/unpriced", id: "unpriced-1", input_tokens: 10, output_tokens: 1 }],
      }),
    });
    expect(sent.status).toBe(202);
    const session = new TrpcHttpSession(stack.apiUrl);
    await session.mutation("auth.login", { email: EMAIL, password: PASSWORD });
    type Alerts = { alerts: { title: string }[] };
    await expect
      .poll(async () => (await session.query<Alerts>("alerts.list", { kind: "usage.unrated" })).alerts.length, {
        timeout: 20_000,
      })
      .toBe(1);
    const [alert] = (await session.query<Alerts>("alerts.list", { kind: "usage.unrated" })).alerts;
    expect(alert?.title).toContain(`e2e/unpriced received ${new Date().toISOString().slice(0, 10)}`);

    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1280, height: 800 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/alerts?kind=usage.unrated`);
      await signIn(page);
      await page.getByTestId("alert-table").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("alert-title").allTextContents()).toEqual([alert?.title]);
      await screenshot(page, "alerts-unpriced-usage-1280");
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});

describe("operator console pages in Chromium", () => {
  for (const viewport of VIEWPORTS) {
    it(`operator pages at ${viewport.width.toString()} px: load, no browser errors, axe-clean, no sideways scroll`, async () => {
      await checkPages(operatorPages(), viewport, OPERATOR_EMAIL);
    }, 180_000);
  }

  it("the tenant list shows the api's figures; an operator opens a tenant and sees its pages read-only", async () => {
    const session = new TrpcHttpSession(stack.apiUrl);
    await session.mutation("auth.login", { email: OPERATOR_EMAIL, password: PASSWORD });
    type Row = { id: string; name: string; spend: string; currency: string; unread_alerts: number };
    const listed = await session.query<{ tenants: Row[] }>("tenantDirectory.list", { search: "Console Pages" });
    const row = listed.tenants.find((candidate) => candidate.id === tenant.tenantId);
    expect(row?.name).toBe("Console Pages Ltd");

    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/admin/tenants`);
      await signIn(page, OPERATOR_EMAIL);
      await page.getByTestId("admin-tenant-search").fill("console pages");
      await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("console pages");
      const link = page.getByTestId("admin-tenant-link").filter({ hasText: "Console Pages Ltd" });
      await link.waitFor({ timeout: 15_000 });
      const tableText = (await page.getByTestId("admin-tenant-table").textContent()) ?? "";
      expect(tableText).toContain(formatMoney(row?.spend ?? "", row?.currency ?? "USD"));
      await link.click();
      // "View as tenant": the tenant's overview, with its data.
      await page.getByTestId("model-table").waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).pathname).toBe("/");
      expect(new URL(page.url()).searchParams.get("tenant")).toBe(tenant.tenantId);
      await screenshot(page, "admin-view-as-tenant-1440");
      // Read-only: the tenant's keys are listed, with no button that changes them.
      await page.getByTestId("nav-api-keys").filter({ visible: true }).click();
      await page.getByTestId("key-table").waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).searchParams.get("tenant")).toBe(tenant.tenantId);
      expect(await page.getByTestId("create-key").count()).toBe(0);
      expect(await page.getByTestId("rotate-key").count()).toBe(0);
      expect(await page.getByTestId("revoke-key").count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("an operator finds a tenant in the header picker by part of its name, lands on its read-only pages; billing 400 at the field", async () => {
    // More tenants than the picker lists at once, so the tenant is found by the server's search, not by scrolling.
    const fillers = await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        db.tenant.create({
          data: { name: `Filler ${index.toString().padStart(2, "0")} Co`, slug: `picker-filler-${index.toString()}` },
        }),
      ),
    );
    const { browser, close } = await launchBrowser();
    try {
      for (const viewport of VIEWPORTS) {
        const page = await browser.newPage();
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        const errors = watchBrowserErrors(page);
        const size = viewport.width.toString();
        await page.goto(`${stack.apiUrl}/keys`);
        // One browser profile: signed in once, the session cookie serves the second viewport.
        if (viewport === VIEWPORTS[0]) await signIn(page, OPERATOR_EMAIL);
        // With none chosen the first tenant by name is chosen and shown.
        const picker = page.getByTestId("tenant-picker");
        await expect.poll(() => new URL(page.url()).searchParams.get("tenant"), { timeout: 15_000 }).not.toBeNull();
        // Move to another tenant first, so finding this one is a real change of tenant.
        await page.goto(`${stack.apiUrl}/keys?tenant=${fillers[0]?.id ?? ""}`);
        await expect.poll(() => picker.textContent(), { timeout: 15_000 }).toBe(fillers[0]?.name);

        await picker.click();
        const search = page.getByTestId("tenant-picker-search");
        await search.waitFor({ timeout: 15_000 });
        const status = page.getByTestId("tenant-picker-status");
        // Opened: the first matches by name, never the whole directory.
        await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain("The first 20");
        expect(await page.getByTestId("tenant-picker-option").count()).toBe(20);
        expect({ violations: await seriousAxeViolations(page) }).toEqual({ violations: [] });
        await screenshot(page, `tenant-picker-open-${size}`);
        // Nothing matches: said so.
        await search.fill("no such tenant");
        await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe("No tenant matches “no such tenant”.");
        expect(await page.getByTestId("tenant-picker-option").count()).toBe(0);
        await screenshot(page, `tenant-picker-empty-${size}`);
        // Part of the name (not its start), any case: the tenant is the one match; Enter picks it.
        await search.fill("pages lt");
        const names = page.getByTestId("tenant-picker-option").locator(".tenant-picker-label");
        await expect.poll(() => names.allTextContents(), { timeout: 15_000 }).toEqual(["Console Pages Ltd"]);
        await screenshot(page, `tenant-picker-searching-${size}`);
        await search.press("Enter");
        await expect.poll(() => new URL(page.url()).searchParams.get("tenant")).toBe(tenant.tenantId);
        await expect.poll(() => picker.textContent()).toBe("Console Pages Ltd");
        // The tenant's pages, read-only: its keys listed, no button that changes them.
        await page.getByTestId("key-table").waitFor({ timeout: 15_000 });
        expect(new URL(page.url()).pathname).toBe("/keys");
        expect(await page.getByTestId("create-key").count()).toBe(0);
        expect(await page.getByTestId("revoke-key").count()).toBe(0);
        expect(errors).toEqual([]);
        await page.close();
      }
      // The tenant's billing form (react-hook-form with the api's schema): the api's 400 about the largest budget
      // is shown at that field, and nothing is saved.
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}/admin/tenants/${tenant.tenantId}`);
      const maxAmount = page.getByTestId("billing-max-amount");
      await expect.poll(() => maxAmount.inputValue(), { timeout: 15_000 }).toBe("500");
      await maxAmount.fill("-5");
      await page.getByTestId("billing-save").click();
      const message = page.locator(`[id="${(await maxAmount.getAttribute("aria-describedby")) ?? ""}"]`);
      await expect.poll(() => maxAmount.getAttribute("aria-invalid")).toBe("true");
      expect(await message.textContent()).toBe('a decimal greater than 0, e.g. "500", or null');
      expect(
        (await db.tenant.findUniqueOrThrow({ where: { id: tenant.tenantId } })).tenantBudgetMaxAmount?.toString(),
      ).toBe("500");
      await page.close();
    } finally {
      await close();
      await db.tenant.deleteMany({ where: { id: { in: fillers.map((filler) => filler.id) } } });
    }
  }, 180_000);

  it("the audit log shows the operator's credit grant with its values, changed fields expanded", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/admin/audit-log?entity_type=credit_grant&entity_id=${grantId}`);
      await signIn(page, OPERATOR_EMAIL);
      await page.getByTestId("audit-table").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("audit-action").allTextContents()).toEqual(["credit_grant.create"]);
      await page.getByTestId("audit-changes").locator("summary").click();
      const changes = (await page.getByTestId("audit-changes").textContent()) ?? "";
      expect(changes).toContain("amount");
      expect(changes).toContain("currency");
      await screenshot(page, "audit-log-expanded-1440");
      expect({ violations: await seriousAxeViolations(page) }).toEqual({ violations: [] });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("a tenant admin gets no operator pages: none in the nav, and the page says it is for operators", async () => {
    // A browser of its own: the operator's session cookie stays out of it.
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}/admin/tenants`);
      await signIn(page, EMAIL);
      await page.getByTestId("empty").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("empty").textContent()).toContain("for Tollgate operators");
      expect(await page.getByTestId("nav-tenants").count()).toBe(0);
      expect(await page.getByTestId("nav-audit-log").count()).toBe(0);
    } finally {
      await close();
    }
  }, 120_000);
});
