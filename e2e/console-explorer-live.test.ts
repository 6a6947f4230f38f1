import { readFileSync } from "node:fs";
import { createDbClient, type Db } from "@tollgate/db";
import { addDays, formatCount, money } from "@tollgate/domain";
import { createUser } from "@tollgate/use-cases/accounts";
import type { Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import { screenshot, signIn, watchBrowserErrors } from "./support/console-pages.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan, type TenantWithKey } from "./support/priced-tenant.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

/**
 * The usage explorer as a live page: its downloads are the table as displayed (sort included) and the chart's series,
 * an hourly range past the api's cap gets the fix rather than an error, and an event sent through ingest shows up
 * without a reload (the delay is logged, not asserted: timings here are under a shared machine's load).
 */
const MODEL = "openai/gpt-e2e-live";
const EMAIL = "admin@explorer-live.example";
const PASSWORD = "correct horse battery staple";

let stack: TestStack;
let db: Db;
let tenant: TenantWithKey;

async function ingest(events: Record<string, unknown>[]): Promise<void> {
  const response = await fetch(`${stack.ingestUrl}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tenant.apiKey}` },
    body: JSON.stringify({ events: events.map((event) => ({ model: MODEL, ...event })) }),
  });
  expect(response.status).toBe(202);
}

async function recorded(count: number): Promise<void> {
  for (let tries = 0; (await db.usageEvent.count({ where: { tenantId: tenant.tenantId } })) < count; tries++) {
    if (tries > 200) throw new Error("the worker did not record the events within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  tenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Explorer Live Ltd");
  await subscribeToPricedPlan(db, tenant.tenantId, MODEL, { input: "3", output: "15" });
  await createUser(db, {
    email: EMAIL,
    name: "Ada Admin",
    password: PASSWORD,
    role: "tenant_admin",
    tenantId: tenant.tenantId,
  });
  // Three agents of different costs (input $3/M, output $15/M): the api lists them costliest first (coder $9.15,
  // reviewer $7.53, planner $4.50), which a sort by name changes.
  await ingest([
    { id: "l-1", agent: "planner", input_tokens: 1_000_001, output_tokens: 100_000 },
    { id: "l-2", agent: "coder", input_tokens: 3_000_001, output_tokens: 10_000 },
    { id: "l-3", agent: "reviewer", input_tokens: 10_001, output_tokens: 500_000 },
  ]);
  await recorded(3);
}, 180_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

/** The lines of a downloaded CSV, the header first. */
function csvLines(path: string): string[][] {
  return readFileSync(path, "utf8")
    .trimEnd()
    .split("\r\n")
    .map((line) => line.split(","));
}

/** Opens the explorer's download menu (once any previous one has gone) and takes one of its files. */
async function download(page: Page, item: string): Promise<Download> {
  await page.getByRole("menu").waitFor({ state: "detached" });
  await page.getByTestId("explore-download-menu").click();
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(item).click()]);
  await page.getByRole("menu").waitFor({ state: "detached" });
  return file;
}

function sum(values: (string | undefined)[]): string {
  return values.reduce((total, value) => total.plus(value ?? "NaN"), money("0")).toFixed(2);
}

const today = () => new Date().toISOString().slice(0, 10);

describe("usage explorer downloads, hourly guard and freshness in Chromium", () => {
  it("the table CSV follows the sort shown and adds up to the total; the chart CSV has a row per bucket and group", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      const first = addDays(today(), -6);
      await page.goto(`${stack.apiUrl}/usage?group_by=agent&from=${first}&to=${today()}`);
      await signIn(page, EMAIL, PASSWORD);
      const table = page.getByTestId("explore-table");
      await table.waitFor({ timeout: 15_000 });
      const totalShown = ((await page.getByTestId("explore-total-amount").textContent()) ?? "").replace("$", "");

      // Sorted by agent name (ascending), unlike the api's costliest-first order.
      await table.getByRole("button", { name: "Agent" }).click();
      const shownOrder = (await table.locator("tbody tr td:first-child").allTextContents()).map((text) => text.trim());
      expect(shownOrder).toEqual(["coder", "planner", "reviewer"]);
      await page.getByTestId("explore-download-menu").click();
      await screenshot(page, "usage-download-menu-1440");
      await page.keyboard.press("Escape");

      const [header, ...rows] = csvLines(await (await download(page, "download-explore-csv")).path());
      expect(header?.[0]).toBe("agent");
      expect(rows.map((row) => row[0])).toEqual([...shownOrder, "Total"]);
      const amountAt = header?.indexOf("amount") ?? -1;
      const groupAmounts = rows.slice(0, -1).map((row) => row[amountAt]);
      expect(sum(groupAmounts)).toBe(rows.at(-1)?.[amountAt]);
      expect(rows.at(-1)?.[amountAt]).toBe(totalShown);

      const chartFile = await download(page, "download-explore-chart-csv");
      expect(chartFile.suggestedFilename()).toMatch(/-daily-series\.csv$/);
      const [chartHeader, ...points] = csvLines(await chartFile.path());
      expect(chartHeader?.slice(0, 3)).toEqual(["bucket", "bucket_start", "agent"]);
      // Seven days × three agents, every bucket listed.
      expect(points).toHaveLength(21);
      const chartAmountAt = chartHeader?.indexOf("amount") ?? -1;
      expect(sum(points.map((point) => point[chartAmountAt]))).toBe(totalShown);
      for (const [index, agent] of shownOrder.entries()) {
        const own = points.filter((point) => point[2] === agent).map((point) => point[chartAmountAt]);
        expect(sum(own)).toBe(rows[index]?.[amountAt]);
      }

      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId("explore-download-menu").click();
      await screenshot(page, "usage-download-menu-390");
      await page.keyboard.press("Escape");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("hourly over more than 31 days says why and offers daily or the last 31 days, never an error", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      const errors = watchBrowserErrors(page);
      const longRange = `from=${addDays(today(), -59)}&to=${today()}`;
      await page.goto(`${stack.apiUrl}/usage?group_by=agent&granularity=hour&${longRange}`);
      await signIn(page, EMAIL, PASSWORD);
      const guard = page.getByTestId("explore-hourly-guard");
      await guard.waitFor({ timeout: 15_000 });
      expect(await guard.textContent()).toContain("Hourly buckets cover at most 31 days");
      expect(await page.getByTestId("error").count()).toBe(0);
      await screenshot(page, "usage-hourly-guard-390");

      await page.getByTestId("explore-clamp-hourly").click();
      await page.waitForURL(new RegExp(`from=${addDays(today(), -30)}`));
      await page.getByTestId("explore-table").waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).searchParams.get("granularity")).toBe("hour");

      await page.goto(`${stack.apiUrl}/usage?group_by=agent&granularity=hour&${longRange}`);
      await page.getByTestId("explore-switch-daily").click();
      await page.waitForURL(/granularity=day/);
      await page.getByTestId("explore-table").waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).searchParams.get("from")).toBe(addDays(today(), -59));
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("an event sent through ingest shows up in the open explorer without a reload", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${stack.apiUrl}/usage?group_by=agent`);
      await signIn(page, EMAIL, PASSWORD);
      const totalTokens = page.getByTestId("explore-total-tokens");
      await totalTokens.waitFor({ timeout: 15_000 });
      const before = (await totalTokens.textContent()) ?? "";
      expect(before).toBe(formatCount("4620003"));

      // Three events one after another, each waited for on screen: the delays spread over the poll's phase.
      const delays: number[] = [];
      for (const [index, tokens] of [42, 43, 44].entries()) {
        const expected = formatCount((4_620_003 + [42, 85, 129][index]!).toString());
        const sentAt = Date.now();
        await ingest([{ id: `l-live-${index.toString()}`, agent: "latecomer", input_tokens: tokens }]);
        // Polled finely so the delay is the page's, not this loop's; generous timeout: no timing assertion.
        await expect.poll(() => totalTokens.textContent(), { timeout: 30_000, interval: 100 }).toBe(expected);
        delays.push(Date.now() - sentAt);
      }
      await page.getByTestId("explore-table").getByText("latecomer").waitFor();
      console.log(`explorer freshness (poll 3 s): events visible ${delays.join(", ")} ms after ingest was called`);

      // What each poll costs: the page's read (daily, last 30 days) and an hourly week, as the api answers them.
      const readMs = async (query: Record<string, string>) => {
        const times: number[] = [];
        for (let run = 0; run < 10; run++) {
          const startedAt = performance.now();
          const response = await fetch(`${stack.apiUrl}/v1/usage/explore?${new URLSearchParams(query).toString()}`, {
            headers: { authorization: `Bearer ${tenant.apiKey}` },
          });
          expect(response.status).toBe(200);
          await response.arrayBuffer();
          times.push(performance.now() - startedAt);
        }
        return times.sort((a, b) => a - b)[5] ?? Number.NaN;
      };
      const dayStart = (day: string) => `${day}T00:00:00Z`;
      const range = { from: dayStart(addDays(today(), -29)), to: dayStart(addDays(today(), 1)), group_by: "agent" };
      const daily = await readMs({ ...range, granularity: "day" });
      const hourly = await readMs({ ...range, from: dayStart(addDays(today(), -6)), granularity: "hour" });
      console.log(
        `explorer read per poll (median of 10): daily 30 d ${daily.toFixed(1)} ms, hourly 7 d ${hourly.toFixed(1)} ms ` +
          `(${((daily / 3000) * 100).toFixed(2)} % / ${((hourly / 3000) * 100).toFixed(2)} % of the 3 s poll)`,
      );
    } finally {
      await close();
    }
  }, 120_000);
});
