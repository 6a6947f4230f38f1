import { createDbClient, type Db } from "@tollgate/db";
import { formatCount, formatMoney } from "@tollgate/domain";
import { createUser } from "@tollgate/use-cases/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import { checkConsolePages, signIn, VIEWPORTS, type PageTarget } from "./support/console-pages.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan } from "./support/priced-tenant.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

// The operators' analytics page over usage two tenants sent through ingest, counted by the worker's analytics
// refresh (every second here): the page at both widths, and its figures against the api's.
const ALPHA = "e2e-analytics/alpha";
const BETA = "e2e-analytics/beta";
const OPERATOR = { email: "operator@console-analytics.example", password: "correct horse battery staple" };
/** Tokens of every event below; the window of 4 weeks holds them all (the oldest is 8 days old). */
const ALL_TOKENS = 1_200_000 + 500_000 + 2_100_000 + 10_000;

let stack: TestStack;
let db: Db;

interface TokensByModel {
  as_of: string | null;
  weeks: { week_start: string; tokens: string }[];
}
interface Margin {
  total: Record<string, string | null>;
}

async function operatorGet<T>(path: string): Promise<T> {
  const response = await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${stack.operatorKey}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** Sends events as a client would: a 503 (ingest busy or not ready yet, on a loaded machine) is retried. */
async function send(apiKey: string, events: Record<string, unknown>[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${stack.ingestUrl}/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ events }),
    });
    if (response.status === 202) return;
    if (response.status !== 503 || attempt >= 40) throw new Error(`ingest answered ${response.status.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const sumTokens = (report: TokensByModel) => report.weeks.reduce((sum, week) => sum + BigInt(week.tokens), 0n);

beforeAll(async () => {
  stack = await startTestStack({
    withConsole: true,
    workerEnv: { WORKER_ANALYTICS_REFRESH_INTERVAL_MS: "1000", WORKER_CATALOG_MAX_AGE_MS: "0" },
  });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  await createUser(db, { ...OPERATOR, name: "Otto Operator", role: "operator", tenantId: null });
  const a = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Analytics Alpha");
  const b = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Analytics Beta");
  await subscribeToPricedPlan(db, a.tenantId, ALPHA, { input: "3", output: "15" });
  await subscribeToPricedPlan(db, b.tenantId, BETA, { input: "2", output: "10" });
  // The provider's cost of alpha (USD per 1M); beta has none (cost 0).
  await db.modelCostRate.createMany({
    data: [
      { modelId: ALPHA, tokenType: "input", effectiveFrom: new Date("2020-01-01Z"), pricePerMillion: "1" },
      { modelId: ALPHA, tokenType: "output", effectiveFrom: new Date("2020-01-01Z"), pricePerMillion: "5" },
    ],
  });
  const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000).toISOString();
  // Alpha: $3 + $3 and $1.50 (cost $1 + $1 and $0.50); beta: $4 + $1, and an event of a model without a price.
  await send(a.apiKey, [
    { id: "a-1", model: ALPHA, input_tokens: 1_000_000, output_tokens: 200_000, agent: "planner" },
    { id: "a-2", model: ALPHA, timestamp: eightDaysAgo, input_tokens: 500_000, agent: "planner" },
  ]);
  await send(b.apiKey, [
    { id: "b-1", model: BETA, input_tokens: 2_000_000, output_tokens: 100_000, agent: "coder" },
    { id: "b-2", model: "unpriced/model", input_tokens: 10_000, agent: "coder" },
  ]);
  // Recorded by the worker and counted by its analytics refresh (expect.poll is only for tests, not hooks).
  for (let tries = 0; ; tries++) {
    const report = await operatorGet<TokensByModel>("/v1/admin/analytics/tokens-by-model?weeks=4");
    if (sumTokens(report) === BigInt(ALL_TOKENS)) break;
    if (tries > 300) throw new Error(`the analytics never counted the events: ${JSON.stringify(report)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 180_000);

afterAll(async () => {
  await db.$disconnect();
  const exitCodes = await stack.stop();
  expect(exitCodes).toEqual({ ingest: 0, worker: 0, api: 0 });
});

const TARGETS: PageTarget[] = [
  { name: "admin-analytics", path: "/admin/analytics?weeks=4", ready: "analytics-weeks-table" },
  { name: "admin-analytics-provider-margin", path: "/admin/analytics?margin_by=provider", ready: "analytics-margin" },
  { name: "admin-analytics-eur", path: "/admin/analytics?currency=EUR", ready: "analytics-weeks-table" },
];

describe("console: operator analytics", () => {
  for (const viewport of VIEWPORTS) {
    it(`the analytics page at ${viewport.width.toString()} px: no browser errors, axe-clean, no sideways scroll`, async () => {
      await checkConsolePages(stack.apiUrl, TARGETS, viewport, OPERATOR);
    }, 180_000);
  }

  it("shows the api's totals, and follows the weeks picked on the page", async () => {
    const margin = await operatorGet<Margin>("/v1/admin/analytics/margin?weeks=4&currency=USD");
    // $6 + $1.50 + $5 of revenue, $2.50 of provider cost (alpha only).
    expect(margin.total).toEqual({
      revenue: "12.5",
      cost: "2.5",
      margin: "10",
      rounded_revenue: "12.5",
      rounded_cost: "2.5",
      rounded_margin: "10",
      margin_ratio: "0.8",
    });
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}/admin/analytics?weeks=4`);
      await signIn(page, OPERATOR.email, OPERATOR.password);
      await page.getByTestId("analytics-margin-total").waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("analytics-margin-total").textContent()).toBe(
        `Total: revenue ${formatMoney("12.5", "USD")}, cost ${formatMoney("2.5", "USD")}, margin ` +
          `${formatMoney("10", "USD")} (80.0 %)`,
      );
      const tenants = (await page.getByTestId("analytics-top-tenants").textContent()) ?? "";
      expect([
        tenants.indexOf("Analytics Alpha") < tenants.indexOf("Analytics Beta"),
        tenants.includes("$7.50"),
      ]).toEqual([true, true]);

      // Pick 8 weeks on the page: the URL and the weekly table follow, and its weeks are the api's.
      await page.getByTestId("analytics-weeks").click();
      await page.getByRole("option", { name: "Last 8 weeks" }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get("weeks")).toBe("8");
      const report = await operatorGet<TokensByModel>("/v1/admin/analytics/tokens-by-model?weeks=8");
      const cells = page.getByTestId("analytics-week-tokens");
      await expect.poll(() => cells.count()).toBe(8);
      expect(await cells.allTextContents()).toEqual(report.weeks.map((week) => formatCount(week.tokens)));
      expect(sumTokens(report)).toBe(BigInt(ALL_TOKENS));
      // The freshness line names the refresh the api reports.
      expect(await page.getByTestId("analytics-as-of").locator("time").getAttribute("datetime")).not.toBeNull();
    } finally {
      await close();
    }
  }, 120_000);
});
