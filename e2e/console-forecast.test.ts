import { createDbClient, type Db } from "@tollgate/db";
import { formatMoney, money, RUN_RATE_DAYS } from "@tollgate/domain";
import { createUser } from "@tollgate/use-cases/accounts";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import { checkConsolePages, screenshot, signIn, VIEWPORTS, watchBrowserErrors } from "./support/console-pages.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan, type TenantWithKey } from "./support/priced-tenant.ts";
import { restCall } from "./support/rest-client.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

/**
 * Issue 19's overview forecast with real history: a tenant whose billing period started ten full days ago has used
 * something every day of it, and holds a credit that this run rate uses up. The overview's projected range, its method
 * and the credit's depletion date are what GET /v1/usage/forecast answers for the tenant, as money strings.
 */
const MODEL = "acme/e2e-forecast";
const PRICES = { input: "3" } as const;
const USER = { email: "admin@forecast.example", password: "correct horse battery staple" };
const DAY_MS = 86_400_000;
/** Full days of the period before today: more than the run rate's window, so the window lies inside the period. */
const PERIOD_DAYS = 10;
/** Input tokens of each full day, oldest first: uneven, and amounts that are not whole cents ($3 per million). */
const DAILY_INPUT_TOKENS = [
  1_000_000, 2_000_000, 1_500_000, 1_234_567, 2_345_678, 987_654, 1_876_543, 1_111_111, 2_222_222, 1_654_321,
];
/** Today's usage, after the credit was granted: paid for by it. */
const TODAY_INPUT_TOKENS = 500_000;
const CREDIT = "50";

interface ForecastAnswer {
  currency: string;
  period_start: string;
  period_end: string;
  as_of: string;
  spent_so_far: string;
  run_rate: { based_on_days: number; daily_average: string };
  projected_total: { expected: string; low: string; high: string };
  method: string;
  credit: { balance: string; depletes_at: string | null };
}

let stack: TestStack;
let db: Db;
let tenant: TenantWithKey;
/** The period's first day (00:00 UTC): PERIOD_DAYS before today. */
let periodStart: Date;

const amountOf = (inputTokens: number) => money(BigInt(inputTokens)).times(PRICES.input).dividedBy(1_000_000);
const usd = (amount: string) => formatMoney(amount, "USD");
/** Every event's amount: all of them are in the period. */
const spentInPeriod = () =>
  [...DAILY_INPUT_TOKENS, TODAY_INPUT_TOKENS].reduce((sum, tokens) => sum.plus(amountOf(tokens)), money(0n));

async function forecast(): Promise<ForecastAnswer> {
  const answer = await restCall<ForecastAnswer>(stack.apiUrl, tenant.apiKey, "GET", "/v1/usage/forecast");
  expect(answer.status).toBe(200);
  return answer.body;
}

async function sendEvents(events: Record<string, unknown>[]): Promise<void> {
  const response = await restCall(stack.ingestUrl, tenant.apiKey, "POST", "/v1/events", {
    events: events.map((event) => ({ model: MODEL, ...event })),
  });
  expect(response.status).toBe(202);
}

async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await done()); tries++) {
    if (tries > 300) throw new Error(`${what} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  periodStart = new Date(today - PERIOD_DAYS * DAY_MS);
  tenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Forecast Works");
  // The period starts on that day's date whatever today is (a later anchor date is at least 28 days on), set by the
  // operator while the tenant has no usage yet, so it applies at once.
  const billing = await restCall(
    stack.apiUrl,
    stack.operatorKey,
    "PUT",
    `/v1/admin/tenants/${tenant.tenantId}/billing`,
    {
      prepaid: false,
      billing_anchor_day: periodStart.getUTCDate(),
    },
  );
  expect(billing.status).toBe(200);
  // A customer since the period began: the run rate never counts days before the tenant existed, and one created by
  // this test would have no full day yet (the case console-pages.test.ts covers).
  await db.tenant.update({ where: { id: tenant.tenantId }, data: { createdAt: periodStart } });
  await subscribeToPricedPlan(db, tenant.tenantId, MODEL, PRICES);
  await createUser(db, { ...USER, name: "Fay Forecast", role: "tenant_admin", tenantId: tenant.tenantId });

  // One event at noon of each full day of the period (back-dated, as a client that batches late sends them).
  await sendEvents(
    DAILY_INPUT_TOKENS.map((inputTokens, day) => ({
      id: `day-${day.toString()}`,
      timestamp: new Date(periodStart.getTime() + day * DAY_MS + DAY_MS / 2).toISOString(),
      input_tokens: inputTokens,
      output_tokens: 0,
    })),
  );
  await until("the worker did not record the back-dated events", async () => {
    return (await db.usageEvent.count({ where: { tenantId: tenant.tenantId } })) === DAILY_INPUT_TOKENS.length;
  });
  // Granted now, so it pays for today's usage only; at the recent days' average what is left runs out this period.
  const grant = await restCall(
    stack.apiUrl,
    stack.operatorKey,
    "POST",
    `/v1/admin/tenants/${tenant.tenantId}/credit-grants`,
    {
      kind: "paid",
      amount: CREDIT,
      currency: "USD",
      reason: "Prepaid top-up",
    },
  );
  expect(grant.status).toBe(201);
  await sendEvents([{ id: "today", input_tokens: TODAY_INPUT_TOKENS, output_tokens: 0 }]);
  const balance = money(CREDIT).minus(amountOf(TODAY_INPUT_TOKENS));
  await until("the worker did not pay today's usage from the credit and roll it up", async () => {
    const answer = await forecast();
    return money(answer.credit.balance).equals(balance) && money(answer.spent_so_far).equals(spentInPeriod());
  });
}, 180_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

/** The console's date rule (formatLocalDate: the medium date style in the viewer's locale and zone), in the page. */
async function localDate(page: Page, iso: string): Promise<string> {
  return page.evaluate((at) => new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(at)), iso);
}

describe("the overview's forecast in Chromium", () => {
  it("the api's forecast is the period's, over the last full days, exact", async () => {
    const answer = await forecast();
    const window = DAILY_INPUT_TOKENS.slice(-RUN_RATE_DAYS).map(amountOf);
    const spent = spentInPeriod();
    expect({
      periodStart: answer.period_start,
      basedOnDays: answer.run_rate.based_on_days,
      dailyAverage: answer.run_rate.daily_average,
      spent: answer.spent_so_far,
    }).toEqual({
      periodStart: periodStart.toISOString(),
      basedOnDays: RUN_RATE_DAYS,
      dailyAverage: window
        .reduce((sum, day) => sum.plus(day), money(0n))
        .dividedBy(RUN_RATE_DAYS)
        .toFixed(),
      spent: spent.toFixed(),
    });
    // Unrounded decimals on the wire (the console rounds for display), and the credit runs out before the period ends.
    expect(answer.run_rate.daily_average).toMatch(/^\d+\.\d{3,}$/);
    const low = money(answer.projected_total.low);
    expect([low.lessThan(answer.projected_total.expected), low.greaterThan(spent)]).toEqual([true, true]);
    expect(new Date(answer.credit.depletes_at ?? answer.period_end) < new Date(answer.period_end)).toBe(true);
  });

  it("shows the projected range, its method and the depletion date as the api computes them", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = watchBrowserErrors(page);
      // The projection moves with the clock (fewer days left each second): the overview's own read lies between
      // these two, so each amount it shows is one of theirs, rounded the same way.
      const before = await forecast();
      await page.goto(`${stack.apiUrl}/`);
      await signIn(page, USER.email, USER.password);
      const range = page.getByTestId("projected-range");
      await expect.poll(() => range.textContent(), { timeout: 15_000 }).toMatch(/^Likely /);
      const depletion = page.getByTestId("credit-depletion").locator("time");
      const shown = {
        spent: await page.getByTestId("spent-so-far").textContent(),
        expected: await page.getByTestId("projected-total").textContent(),
        range: (await range.textContent()) ?? "",
        method: await page.getByTestId("projected-method").textContent(),
        balance: await page.getByTestId("credit-balance").textContent(),
        depletion: await page.getByTestId("credit-depletion").textContent(),
        depletesAt: (await depletion.getAttribute("datetime")) ?? "",
        depletesOn: (await depletion.textContent()) ?? "",
      };
      const after = await forecast();
      const either = (pick: (answer: ForecastAnswer) => string) => [...new Set([usd(pick(before)), usd(pick(after))])];

      expect(shown.spent).toBe(usd(before.spent_so_far));
      expect(either((answer) => answer.projected_total.expected)).toContain(shown.expected);
      const parts = /^Likely (\S+) – (\S+): (\S+)\/day over the last (\d+) full days\.$/.exec(shown.range);
      expect(parts, shown.range).not.toBeNull();
      const [, low = "", high = "", average = "", days = ""] = parts ?? [];
      expect(either((answer) => answer.projected_total.low)).toContain(low);
      expect(either((answer) => answer.projected_total.high)).toContain(high);
      expect({ average, days }).toEqual({
        average: usd(before.run_rate.daily_average),
        days: before.run_rate.based_on_days.toString(),
      });
      // Money strings rounded from the decimals: dollars and cents, never a float's digits.
      for (const amount of [shown.spent, shown.expected, low, high, average, shown.balance]) {
        expect(amount).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
      }
      expect(shown.method).toBe(`How the projection is made: ${before.method}.`);
      expect(shown.balance).toBe(usd(before.credit.balance));

      // The instant the overview read is between the two; its day is the console's date of that instant.
      const at = new Date(shown.depletesAt).getTime();
      expect(at).toBeGreaterThanOrEqual(new Date(before.credit.depletes_at ?? "").getTime());
      expect(at).toBeLessThanOrEqual(new Date(after.credit.depletes_at ?? "").getTime());
      expect(shown.depletesOn).toBe(await localDate(page, shown.depletesAt));
      expect([
        await localDate(page, before.credit.depletes_at ?? ""),
        await localDate(page, after.credit.depletes_at ?? ""),
      ]).toContain(shown.depletesOn);
      expect(shown.depletion).toBe(`Runs out around ${shown.depletesOn} at the current rate`);

      for (const viewport of VIEWPORTS) {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        await screenshot(page, `overview-forecast-${viewport.width.toString()}`);
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  for (const viewport of VIEWPORTS) {
    it(`the overview at ${viewport.width.toString()} px: no browser errors, axe-clean, no sideways scroll`, async () => {
      await checkConsolePages(
        stack.apiUrl,
        [{ name: "overview-forecast-page", path: "/", ready: "model-table" }],
        viewport,
        USER,
      );
    });
  }
});
