import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { createUser } from "@tollgate/use-cases/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, watchCspViolations } from "./support/browser.ts";
import { subscribeToPricedPlan } from "./support/priced-tenant.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";
import { TrpcHttpSession } from "./support/trpc-http.ts";

interface CreatedTenant {
  tenant: { id: string; name: string; slug: string };
  apiKey: { id: string; prefix: string; scopes: string[]; secret: string };
}
interface UsageSummary {
  totals: { totalTokens: string; eventCount: string; amount: string; unratedCount: string };
}

const MODEL = "openai/gpt-4.1-e2e";
const PASSWORD = "correct horse battery staple";

let stack: TestStack;
let db: Db;

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
});

afterAll(async () => {
  await db.$disconnect();
  const exitCodes = await stack.stop();
  // Graceful shutdown: every service exits 0 on SIGTERM.
  expect(exitCodes).toEqual({ ingest: 0, worker: 0, api: 0 });
});

describe("thin slice: admin REST → ingest → queue → worker → ledger → tRPC → console", () => {
  let created: CreatedTenant;

  it("creates a tenant with an ingest+read key through the admin REST API", async () => {
    const unauthorized = await fetch(`${stack.apiUrl}/v1/admin/tenants`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Nope" }),
    });
    expect(unauthorized.status).toBe(401);

    const response = await fetch(`${stack.apiUrl}/v1/admin/tenants`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${stack.operatorKey}` },
      body: JSON.stringify({ name: "Thin Slice Inc" }),
    });
    expect(response.status).toBe(201);
    created = (await response.json()) as CreatedTenant;
    expect(created.tenant.slug).toBe("thin-slice-inc");
    expect(created.apiKey.scopes.sort()).toEqual(["ingest", "read"]);
    expect(created.apiKey.secret.startsWith(`${created.apiKey.prefix}_`)).toBe(true);

    const tenantKeyAsAdmin = await fetch(`${stack.apiUrl}/v1/admin/tenants`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${created.apiKey.secret}` },
      body: JSON.stringify({ name: "Escalation" }),
    });
    expect(tenantKeyAsAdmin.status).toBe(403);
  });

  it("accepts an event at ingest, rates it in the worker and shows it through tRPC", async () => {
    // $2 per 1M input, $8 per 1M output.
    await subscribeToPricedPlan(db, created.tenant.id, MODEL, { input: "2", output: "8" });
    await createUser(db, {
      email: "admin@thin-slice.example",
      name: "Thin Admin",
      password: PASSWORD,
      role: "tenant_admin",
      tenantId: created.tenant.id,
    });

    const send = (body: unknown) =>
      fetch(`${stack.ingestUrl}/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${created.apiKey.secret}` },
        body: JSON.stringify(body),
      });
    const accepted = await send({
      events: [
        { id: "evt-1", model: MODEL, input_tokens: 1_500_000, output_tokens: 250_000 },
        { id: "evt-2", model: MODEL, input_tokens: -5 },
      ],
    });
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { index: 1, id: "evt-2", code: "invalid_event", message: expect.stringContaining("input_tokens") as string },
      ],
    });
    // The same event again (a client retry) is acknowledged but must not be counted twice.
    expect((await send({ id: "evt-1", model: MODEL, input_tokens: 1_500_000, output_tokens: 250_000 })).status).toBe(
      202,
    );

    const session = new TrpcHttpSession(stack.apiUrl);
    await session.mutation("auth.login", { email: "admin@thin-slice.example", password: PASSWORD });
    const range = {
      from: new Date(Date.now() - 7 * 86_400_000).toISOString(),
      to: new Date(Date.now() + 3_600_000).toISOString(),
    };
    await expect
      .poll(async () => (await session.query<UsageSummary>("usage.summary", range)).totals.totalTokens, {
        timeout: 15_000,
      })
      .toBe("1750000");
    // Give a duplicate a chance to be (wrongly) counted before asserting the final totals.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const summary = await session.query<UsageSummary>("usage.summary", range);
    // 1.5M × $2/M + 0.25M × $8/M = $3 + $2
    expect(summary.totals).toMatchObject({ totalTokens: "1750000", eventCount: "1", amount: "5", unratedCount: "0" });
    const ledger = await db.ledgerEntry.aggregate({ where: { tenantId: created.tenant.id }, _sum: { amount: true } });
    expect(ledger._sum.amount?.toString()).toBe("5");
  });

  it("shows the tenant's token total in the console, in a real browser", async () => {
    const { browser, close: closeBrowser } = await launchBrowser();
    try {
      const page = await browser.newPage();
      const cspViolations = watchCspViolations(page);
      await page.goto(stack.apiUrl);
      await page.getByTestId("login-email").fill("admin@thin-slice.example");
      await page.getByTestId("login-password").fill(PASSWORD);
      await page.getByTestId("login-submit").click();
      await expect
        .poll(async () => page.getByTestId("total-tokens").textContent(), { timeout: 15_000 })
        .toMatch(/1,750,000/);
      expect(await page.getByTestId("total-amount").textContent()).toContain("5.00");
      await page.mouse.move(0, 0);
      await page.screenshot({ path: "/tmp/tollgate-e2e-console.png", fullPage: true });
      // The console works under the api's CSP: nothing it needs was blocked.
      expect(cspViolations).toEqual([]);
    } finally {
      await closeBrowser();
    }
  });

  it("signs out to the login page, leaving nothing of the previous user on screen", async () => {
    const { browser, close: closeBrowser } = await launchBrowser();
    try {
      const page = await browser.newPage();
      const cspViolations = watchCspViolations(page);
      await page.goto(stack.apiUrl);
      await page.getByTestId("login-email").fill("admin@thin-slice.example");
      await page.getByTestId("login-password").fill(PASSWORD);
      await page.getByTestId("login-submit").click();
      await expect
        .poll(async () => page.getByTestId("total-tokens").textContent(), { timeout: 15_000 })
        .toMatch(/1,750,000/);
      expect(await page.getByTestId("header-context").textContent()).toBe("Thin Slice Inc");

      // A well-formed id the api knows nothing of (an invoice, a credit grant nobody has) is the console's 404
      // page, as an id that is not one at all is: no error state, no Retry that could never pass.
      for (const path of [`/invoices/${randomUUID()}`, `/credits/${randomUUID()}`, "/admin/simulations/not-an-id"]) {
        await page.goto(`${stack.apiUrl}${path}`);
        await page.getByTestId("not-found").waitFor({ timeout: 15_000 });
        expect(await page.getByTestId("error").count()).toBe(0);
        await expect.poll(() => page.title()).toBe("Page not found · Tollgate");
      }

      // Two pages of the user's data in the history, for Back after signing out.
      await page.goto(`${stack.apiUrl}/usage`);
      await page.getByTestId("explore-table").waitFor({ timeout: 15_000 });
      await page.goto(stack.apiUrl);
      await page.getByTestId("total-tokens").waitFor({ timeout: 15_000 });
      const session = (await page.context().cookies()).find((cookie) => cookie.name === "tg_session");
      expect(session).toBeDefined();
      await page.getByTestId("logout").click();
      await page.getByTestId("login-submit").waitFor({ timeout: 10_000 });
      const shown = async () => (await page.locator("body").innerText()) + (await page.content());
      const previous = ["1,750,000", "Thin Slice Inc", "admin@thin-slice.example", "5.00"];
      for (const text of previous) expect(await shown()).not.toContain(text);
      expect(await page.getByTestId("total-tokens").count()).toBe(0);

      // Nothing of the session is left: the browser holds no session cookie, a reload and Back show the sign-in
      // form, and the old cookie, sent by hand, is no longer a session at the api.
      expect((await page.context().cookies()).filter((cookie) => cookie.name === "tg_session")).toEqual([]);
      await page.reload();
      await page.getByTestId("login-submit").waitFor({ timeout: 10_000 });
      await page.goBack();
      await page.waitForURL(/\/usage/);
      await page.getByTestId("login-submit").waitFor({ timeout: 10_000 });
      for (const text of previous) expect(await shown()).not.toContain(text);
      const me = await fetch(`${stack.apiUrl}/trpc/auth.me`, {
        headers: { cookie: `tg_session=${session?.value ?? ""}` },
      });
      expect(((await me.json()) as { result: { data: unknown } }).result.data).toBeNull();
      expect(cspViolations).toEqual([]);
    } finally {
      await closeBrowser();
    }
  });
});
