import { createDbClient, type Db } from "@tollgate/db";
import { formatMoney, money, Money } from "@tollgate/domain";
import { createUser } from "@tollgate/use-cases/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import { checkConsolePages, screenshot, signIn, VIEWPORTS, watchBrowserErrors } from "./support/console-pages.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan } from "./support/priced-tenant.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

/**
 * Issue 20 in the browser: an operator starts a simulation of a draft (output +20 %, an input allowance) from the
 * start form, watches it finish, and the page's difference is this test's own computation from the events it sent;
 * with the tenant's credit grant applied to both sides (gross, credits, net); then publishes and migrates from the
 * page, and the tenant is on the new version. Screenshots of the 3 pages.
 */
const MODEL = "acme/e2e-simulated";
const OPERATOR = { email: "otto@simulation.example", password: "correct horse battery staple" };
const PUBLISHED = { input: "2", output: "10" };
const DRAFT = { input: "2", output: "12" };
const FREE_INPUT = 50_000n;
// A grant from before the events: more than the published plan charged them, less than the draft charges.
const GRANT = "10";

let stack: TestStack;
let db: Db;
let tenantId: string;
let draftId: string;
const HOUR_MS = 3_600_000;
// Days before the current hour, so every event falls inside "the last 30 days" (which ends at the current hour).
const at = (hoursAgo: number) => new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - hoursAgo * HOUR_MS + 60_000);
const EVENTS = [
  { id: "s-1", timestamp: at(72).toISOString(), input_tokens: 40_000, output_tokens: 300_000 },
  { id: "s-2", timestamp: at(48).toISOString(), input_tokens: 30_000, output_tokens: 500_000 },
  { id: "s-3", timestamp: at(26).toISOString(), input_tokens: 20_000, output_tokens: 100_000 },
];

const perMillion = (tokens: number | bigint, price: string): Money =>
  money(tokens.toString()).times(price).dividedBy(1_000_000);

/**
 * before: every event at the published rates; after: the draft's rates with the first 50,000 input tokens of each
 * billing period free (the events may straddle a period start, so the allowance restarts there).
 */
function expected(anchorStart: (at: Date) => number): { before: Money; after: Money } {
  let before = money("0");
  let after = money("0");
  const freeLeft = new Map<number, bigint>();
  for (const event of EVENTS) {
    before = before
      .plus(perMillion(event.input_tokens, PUBLISHED.input))
      .plus(perMillion(event.output_tokens, PUBLISHED.output));
    const period = anchorStart(new Date(event.timestamp));
    const left = freeLeft.get(period) ?? FREE_INPUT;
    const input = BigInt(event.input_tokens);
    const free = input < left ? input : left;
    freeLeft.set(period, left - free);
    after = after.plus(perMillion(input - free, DRAFT.input)).plus(perMillion(event.output_tokens, DRAFT.output));
  }
  return { before, after };
}
const monthStart = (date: Date) => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  const tenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Simulated Ltd");
  tenantId = tenant.tenantId;
  await subscribeToPricedPlan(db, tenantId, MODEL, PUBLISHED);
  await db.creditGrant.create({
    data: {
      tenantId,
      kind: "paid",
      amount: GRANT,
      remaining: GRANT,
      currency: "USD",
      reason: "e2e",
      grantedAt: at(100),
    },
  });
  await createUser(db, { ...OPERATOR, name: "Otto Operator", role: "operator", tenantId: null });
  const response = await fetch(`${stack.ingestUrl}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tenant.apiKey}` },
    body: JSON.stringify({ events: EVENTS.map((event) => ({ model: MODEL, ...event })) }),
  });
  expect(response.status).toBe(202);
  for (
    let tries = 0;
    (await db.ledgerEntry.count({ where: { tenantId, kind: "usage_charge" } })) < EVENTS.length;
    tries++
  ) {
    if (tries > 200) throw new Error("the worker did not record the events within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const subscription = await db.subscription.findFirstOrThrow({ where: { tenantId }, include: { planVersion: true } });
  const draft = await db.planVersion.create({
    data: {
      planId: subscription.planVersion.planId,
      version: 2,
      currency: "USD",
      effectiveFrom: new Date("2020-01-01Z"),
      pricing: {
        allowances: [{ kind: "tokens", id: "free-input", tokens: FREE_INPUT.toString(), token_types: ["input"] }],
      },
    },
  });
  draftId = draft.id;
  await db.planRate.createMany({
    data: Object.entries(DRAFT).map(([tokenType, pricePerMillion]) => ({
      planVersionId: draftId,
      modelId: MODEL,
      tokenType: tokenType as "input" | "output",
      pricePerMillion,
    })),
  });
}, 180_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

describe("plan simulations in Chromium", () => {
  let simulationPath = "";

  it("starts a simulation from the form, shows it finish, and the difference is the events' own", async () => {
    const { before, after } = expected(monthStart);
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/admin/simulations/new?version=${draftId}`);
      await signIn(page, OPERATOR.email, OPERATOR.password);
      // One tenant, found by searching (the directory is never listed whole); none chosen is the form's own error.
      await page.getByTestId("simulation-scope").click();
      await page.getByRole("option", { name: "One tenant" }).click();
      await page.getByTestId("simulation-start").click();
      await page.getByRole("alert").filter({ hasText: "choose a tenant" }).waitFor();
      await page.getByTestId("simulation-scope-ref").click();
      await page.getByTestId("simulation-scope-ref-search").fill("simulated");
      await page.getByTestId("simulation-scope-ref-option").filter({ hasText: "Simulated Ltd" }).waitFor();
      await screenshot(page, "simulation-new-tenant-search-1440");
      // Enter picks the first match and does not submit the form around it.
      await page.getByTestId("simulation-scope-ref-search").press("Enter");
      await expect.poll(() => page.getByTestId("simulation-scope-ref").textContent()).toBe("Simulated Ltd");
      expect(new URL(page.url()).pathname).toBe("/admin/simulations/new");
      await page.getByTestId("simulation-start").click();
      await page.waitForURL(/\/admin\/simulations\/[0-9a-f-]{36}/);
      simulationPath = new URL(page.url()).pathname;
      await expect
        .poll(() => page.getByTestId("simulation-status").textContent(), { timeout: 30_000 })
        .toBe("Finished");
      expect(await page.getByTestId("simulation-progress-text").textContent()).toBe("1 of 1 tenant");
      expect(await page.getByTestId("total-before").textContent()).toBe(formatMoney(before, "USD"));
      expect(await page.getByTestId("total-after").textContent()).toBe(formatMoney(after, "USD"));
      expect(await page.getByTestId("total-difference").textContent()).toBe(formatMoney(after.minus(before), "USD"));
      // The one grant pays each side's charges up to its 10 USD, from the same starting balance.
      const credits = (amount: Money) => Money.min(amount, money(GRANT));
      const netBefore = before.minus(credits(before));
      const netAfter = after.minus(credits(after));
      expect(await page.getByTestId("total-before-credits").textContent()).toBe(formatMoney(credits(before), "USD"));
      expect(await page.getByTestId("total-after-credits").textContent()).toBe(formatMoney(credits(after), "USD"));
      expect(await page.getByTestId("total-before-net").textContent()).toBe(formatMoney(netBefore, "USD"));
      expect(await page.getByTestId("total-after-net").textContent()).toBe(formatMoney(netAfter, "USD"));
      expect(await page.getByTestId("total-net-difference").textContent()).toBe(
        formatMoney(netAfter.minus(netBefore), "USD"),
      );
      const table = page.getByTestId("simulation-results");
      for (const header of ["Credits before", "Credits after", "Net before", "Net after", "Net difference"]) {
        await table.getByRole("columnheader", { name: header }).waitFor();
      }
      await page.getByTestId("simulation-results").getByText("Simulated Ltd").waitFor();
      await screenshot(page, "simulation-finished-1440");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("renders the list, the form and the simulation at both widths (axe, no sideways scroll, no errors)", async () => {
    for (const viewport of VIEWPORTS) {
      await checkConsolePages(
        stack.apiUrl,
        [
          { name: "simulations", path: "/admin/simulations", ready: "simulations-table" },
          { name: "simulation-new", path: `/admin/simulations/new?version=${draftId}`, ready: "simulation-start" },
          { name: "simulation", path: `${simulationPath}?sort=net_difference&dir=asc`, ready: "simulation-results" },
        ],
        viewport,
        OPERATOR,
      );
    }
  });

  it("publishes and migrates the simulated tenant in one confirmed step from the page", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}${simulationPath}`);
      await signIn(page, OPERATOR.email, OPERATOR.password);
      await page.getByTestId("simulation-publish").click();
      await page.getByTestId("simulation-publish-confirm").click();
      await page.getByText("Published and migrated").waitFor();
    } finally {
      await close();
    }
    const current = await db.subscription.findFirstOrThrow({ where: { tenantId, endsAt: null } });
    expect(current.planVersionId).toBe(draftId);
    expect((await db.planVersion.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("published");
  });
});
