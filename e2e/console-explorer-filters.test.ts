import { createDbClient, type Db } from "@tollgate/db";
import { formatCount, formatMoney } from "@tollgate/domain";
import { createUser } from "@tollgate/use-cases/accounts";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import { screenshot, watchBrowserErrors } from "./support/console-pages.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan } from "./support/priced-tenant.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

/**
 * Issue 19's proof for the usage explorer's filters: a tenant admin filters by API key (picked by name) and by agent
 * in the console, and the totals on screen are the api's own numbers for that key and that agent
 * (GET /v1/usage/summary grouped by api_key and by agent, read with the tenant's own key). One event of a model the
 * plan does not price (stored unrated) shows "unpriced" in the by-model table, never a $0.00.
 */
const MODEL = "openai/gpt-e2e-filters";
/** Not in the tenant's plan: its usage is stored unrated. Sent by "Support bot" as agent "coder", so the key and
 * agent filtered on below ("Batch jobs", "planner") keep their totals. */
const UNPRICED_MODEL = "openai/gpt-e2e-unpriced";
const EMAIL = "admin@explorer-filters.example";
const PASSWORD = "correct horse battery staple";

let stack: TestStack;
let db: Db;
let tenantId: string;
const keyIds = new Map<string, string>();
/** A secret of one of the tenant's keys (ingest + read), for the REST reads. */
let readSecret = "";

interface UsageTotals {
  total_tokens: string;
  amount: string;
}
interface GroupedSummary {
  currency: string;
  groups: (UsageTotals & { key: string | null })[];
}

async function operatorRest(method: string, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${stack.operatorKey}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function ingest(secret: string, events: Record<string, unknown>[]): Promise<void> {
  const response = await fetch(`${stack.ingestUrl}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
    body: JSON.stringify({ events: events.map((event) => ({ model: MODEL, ...event })) }),
  });
  expect(response.status).toBe(202);
}

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  tenantId = (await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Explorer Filters Ltd")).tenantId;
  await subscribeToPricedPlan(db, tenantId, MODEL, { input: "2.5", cached_input: "1.25", output: "10" });
  await createUser(db, { email: EMAIL, name: "Ada Admin", password: PASSWORD, role: "tenant_admin", tenantId });
  const secrets = new Map<string, string>();
  for (const name of ["Support bot", "Batch jobs"]) {
    const created = await operatorRest("POST", `/v1/admin/tenants/${tenantId}/api-keys`, {
      name,
      scopes: ["ingest", "read"],
    });
    expect(created.status).toBe(201);
    const { api_key: apiKey, secret } = created.json as { api_key: { id: string }; secret: string };
    keyIds.set(name, apiKey.id);
    secrets.set(name, secret);
    readSecret = secret;
  }
  await ingest(secrets.get("Support bot") ?? "", [
    { id: "f-1", agent: "planner", input_tokens: 1_000_000, output_tokens: 200_000 },
    { id: "f-2", agent: "coder", input_tokens: 500_000, cached_input_tokens: 2_000_000 },
    { id: "f-5", agent: "coder", model: UNPRICED_MODEL, input_tokens: 7_000 },
  ]);
  await ingest(secrets.get("Batch jobs") ?? "", [
    { id: "f-3", agent: "planner", input_tokens: 300_000, output_tokens: 50_000 },
    { id: "f-4", input_tokens: 100_000 },
  ]);
  for (let tries = 0; (await db.usageEvent.count({ where: { tenantId } })) < 5; tries++) {
    if (tries > 200) throw new Error("the worker did not record the events within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 180_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

/** Picks one value in a filter menu of the explorer and waits until the URL and the button show it. */
async function filterBy(page: Page, testId: string, param: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole("menuitemcheckbox", { name: option }).click();
  await page.waitForURL(new RegExp(`${param}=`));
  await page.keyboard.press("Escape");
  await page.getByTestId(testId).filter({ hasText: "(1)" }).waitFor();
}

describe("usage explorer filters in Chromium", () => {
  it("filtered by an API key (by name) and by an agent, the totals are the api's for that key and agent", async () => {
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const range = { from: from.toISOString(), to: new Date(today.getTime() + 86_400_000).toISOString() };
    // The api's numbers as a tenant's own program reads them: GET /v1/usage/summary with one of its read keys.
    const summary = async (groupBy: string): Promise<GroupedSummary> => {
      const query = new URLSearchParams({ ...range, group_by: groupBy });
      const response = await fetch(`${stack.apiUrl}/v1/usage/summary?${query.toString()}`, {
        headers: { authorization: `Bearer ${readSecret}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as GroupedSummary;
    };
    const byKey = await summary("api_key");
    const byAgent = await summary("agent");
    const batchJobs = byKey.groups.find((group) => group.key === keyIds.get("Batch jobs"));
    const planner = byAgent.groups.find((group) => group.key === "planner");
    // The api's numbers, checked by hand: Batch jobs 300k + 50k + 100k tokens; planner 1.2M + 350k.
    expect(batchJobs?.total_tokens).toBe("450000");
    expect(planner?.total_tokens).toBe("1550000");
    if (!batchJobs || !planner) throw new Error("the api has no group for the key or the agent");

    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      const day = (at: Date) => at.toISOString().slice(0, 10);
      await page.goto(`${stack.apiUrl}/usage?group_by=agent&from=${day(from)}&to=${day(today)}`);
      await page.getByTestId("login-email").fill(EMAIL);
      await page.getByTestId("login-password").fill(PASSWORD);
      await page.getByTestId("login-submit").click();
      await page.getByTestId("explore-table").waitFor({ timeout: 15_000 });

      await filterBy(page, "filter-api-key", "api_key", "Batch jobs");
      // The URL holds the key's id; the menu showed its name.
      expect(new URL(page.url()).searchParams.get("api_key")).toBe(JSON.stringify([keyIds.get("Batch jobs")]));
      await expect
        .poll(() => page.getByTestId("explore-total-tokens").textContent())
        .toBe(formatCount(batchJobs.total_tokens));
      expect(await page.getByTestId("explore-total-amount").textContent()).toBe(
        formatMoney(batchJobs.amount, byKey.currency),
      );
      await screenshot(page, "usage-filtered-by-key-1440");

      // The back button drops the key filter (each filter is a URL); then the agent filter alone.
      await page.goBack();
      await page.getByTestId("filter-api-key").filter({ hasNotText: "(1)" }).waitFor();
      await filterBy(page, "filter-agent", "agent", "planner");
      await expect
        .poll(() => page.getByTestId("explore-total-tokens").textContent())
        .toBe(formatCount(planner.total_tokens));
      expect(await page.getByTestId("explore-total-amount").textContent()).toBe(
        formatMoney(planner.amount, byAgent.currency),
      );
      await screenshot(page, "usage-filtered-by-agent-1440");

      // By model, unfiltered: the unpriced model's row says so instead of an amount.
      await page.goto(`${stack.apiUrl}/usage?group_by=model&from=${day(from)}&to=${day(today)}`);
      const unpricedRow = page.getByTestId("explore-table").getByRole("row").filter({ hasText: UNPRICED_MODEL });
      await unpricedRow.waitFor({ timeout: 15_000 });
      expect(await unpricedRow.textContent()).toContain("unpriced");
      const pricedRow = page.getByTestId("explore-table").getByRole("row").filter({ hasText: MODEL });
      expect(await pricedRow.textContent()).not.toContain("unpriced");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
