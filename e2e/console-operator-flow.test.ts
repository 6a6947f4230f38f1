import { createDbClient, type Db } from "@tollgate/db";
import { formatMoney, money, type Money } from "@tollgate/domain";
import { createUser } from "@tollgate/use-cases/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import { screenshot, signIn, watchBrowserErrors } from "./support/console-pages.ts";
import {
  auditRows,
  draftPriceChange,
  grantCredit,
  latestPriceChange,
  PRICE_CHANGE_AUDIT_ACTIONS,
  publishAndMigrate,
  simulateLastMonth,
} from "./support/operator-price-change.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan, type TenantWithKey } from "./support/priced-tenant.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

/**
 * Issue 20's proof, one operator's morning in the browser: copy the published version to a draft, raise one model's
 * output price by 20 % and add a long-context rule, simulate the draft on the tenant's real usage of last month (the
 * difference is this test's own computation from the events it sent, one of them long enough for the rule), publish
 * and migrate, grant a credit, find all of it in the audit log — and the tenant's next event is rated at the new
 * price.
 */
const MODEL = "acme/e2e-operator-flow";
const OPERATOR = { email: "olga@operator-flow.example", password: "correct horse battery staple" };
const PUBLISHED = { input: "2", output: "10" };
const RAISED_OUTPUT = "12";
/** The draft's long-context rule: prompts above this many tokens are charged every rate times the multiplier. */
const LONG_CONTEXT = { above: 200_000, multiplier: "1.5" };
const HOUR_MS = 3_600_000;
// In the last full UTC month (the simulation's "last full month"), at most 33 days ago: inside ingest's 35-day limit.
const monthStart = (() => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
})();
const lastMonth = (hoursBeforeEnd: number) => new Date(monthStart - hoursBeforeEnd * HOUR_MS + 60_000);
const EVENTS = [
  { id: "flow-1", timestamp: lastMonth(50).toISOString(), input_tokens: 120_000, output_tokens: 400_000 },
  { id: "flow-2", timestamp: lastMonth(26).toISOString(), input_tokens: 80_000, output_tokens: 250_000 },
  // A long prompt: the draft's rule multiplies its every rate, the published version charges it like the others.
  { id: "flow-long", timestamp: lastMonth(5).toISOString(), input_tokens: 250_000, output_tokens: 10_000 },
];

let stack: TestStack;
let db: Db;
let tenant: TenantWithKey;
let planId: string;
let publishedId: string;

const perMillion = (tokens: number, price: string): Money => money(tokens.toString()).times(price).dividedBy(1_000_000);
/** What the events cost at this output price, with or without the draft's long-context rule. */
const charged = (output: string, longContextRule: boolean) =>
  EVENTS.reduce((sum, event) => {
    const base = perMillion(event.input_tokens, PUBLISHED.input).plus(perMillion(event.output_tokens, output));
    const long = longContextRule && event.input_tokens > LONG_CONTEXT.above;
    return sum.plus(long ? base.times(LONG_CONTEXT.multiplier) : base);
  }, money("0"));

async function send(events: Record<string, unknown>[]): Promise<void> {
  const response = await fetch(`${stack.ingestUrl}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tenant.apiKey}` },
    body: JSON.stringify({ events: events.map((event) => ({ model: MODEL, ...event })) }),
  });
  expect(response.status).toBe(202);
}

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  tenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Flow Industries");
  await subscribeToPricedPlan(db, tenant.tenantId, MODEL, PUBLISHED);
  const subscription = await db.subscription.findFirstOrThrow({
    where: { tenantId: tenant.tenantId },
    include: { planVersion: true },
  });
  planId = subscription.planVersion.planId;
  publishedId = subscription.planVersionId;
  await createUser(db, { ...OPERATOR, name: "Olga Operator", role: "operator", tenantId: null });
  await send(EVENTS);
  for (let tries = 0; (await db.usageEvent.count({ where: { tenantId: tenant.tenantId } })) < EVENTS.length; tries++) {
    if (tries > 200) throw new Error("the worker did not record the events within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 180_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

describe("an operator changes a price confidently, in Chromium", () => {
  it("copy → +20 % output and a long-context rule → simulate → publish and migrate → credit → audit log → new price", async () => {
    let draftId: string | undefined;
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/admin/plans/${planId}`);
      await signIn(page, OPERATOR.email, OPERATOR.password);

      // Copy the published version to a draft (keeping its effective date), then edit the draft.
      await draftPriceChange(
        page,
        { model: MODEL, outputPercent: "20", longContext: LONG_CONTEXT },
        { from: 1, draft: 2 },
        RAISED_OUTPUT,
      );
      const draft = await db.planVersion.findFirstOrThrow({ where: { planId, version: 2 }, include: { rates: true } });
      draftId = draft.id;
      expect({
        status: draft.status,
        output: draft.rates.find((rate) => rate.tokenType === "output")?.pricePerMillion.toString(),
        rules: (draft.pricing as { rules?: unknown }).rules,
      }).toEqual({
        status: "draft",
        output: RAISED_OUTPUT,
        rules: [
          {
            kind: "long_context",
            prompt_tokens_above: LONG_CONTEXT.above,
            multiplier: LONG_CONTEXT.multiplier,
            models: [MODEL],
          },
        ],
      });

      // Simulate the draft from its page over last month's real usage: before is what the ledger charged.
      await page.goto(`${stack.apiUrl}/admin/plans/${planId}/versions/${draft.id}`);
      const shown = await simulateLastMonth(page);
      const before = charged(PUBLISHED.output, false);
      const after = charged(RAISED_OUTPUT, true);
      expect(shown).toEqual({
        before: formatMoney(before, "USD"),
        after: formatMoney(after, "USD"),
        difference: formatMoney(after.minus(before), "USD"),
      });
      await screenshot(page, "operator-flow-simulation-1440");

      // Publish and migrate the simulated tenant in one confirmed step.
      await publishAndMigrate(page);
      const current = await db.subscription.findFirstOrThrow({ where: { tenantId: tenant.tenantId, endsAt: null } });
      expect(current.planVersionId).toBe(draft.id);

      // A credit for the tenant, with the reason the audit log keeps.
      await page.goto(`${stack.apiUrl}/admin/tenants/${tenant.tenantId}`);
      await grantCredit(page, "25", "Goodwill for the price change");

      // All of it in the audit log, newest first.
      await page.goto(`${stack.apiUrl}/admin/audit-log`);
      const steps = latestPriceChange(await auditRows(page));
      expect(steps.map((step) => step.action)).toEqual(PRICE_CHANGE_AUDIT_ACTIONS);
      await screenshot(page, "operator-flow-audit-log-1440");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }

    // The tenant's next event is rated at the new price (2 per 1M input, 12 per 1M output), under the new version.
    await send([{ id: "flow-after", input_tokens: 100_000, output_tokens: 100_000 }]);
    const rated = async () => {
      const event = await db.usageEvent.findFirst({ where: { tenantId: tenant.tenantId, eventId: "flow-after" } });
      return event === null ? null : { amount: event.amount?.toString(), version: event.planVersionId };
    };
    await expect.poll(rated, { timeout: 20_000 }).toEqual({ amount: "1.4", version: draftId });
    expect(draftId).not.toBe(publishedId);
  }, 240_000);
});
