import { createDbClient, type Db } from "@tollgate/db";
import { formatMoney, money } from "@tollgate/domain";
import { createUser } from "@tollgate/use-cases/accounts";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import { checkConsolePages, screenshot, signIn, VIEWPORTS, watchBrowserErrors } from "./support/console-pages.ts";
import { createTenantViaAdminApi, type TenantWithKey } from "./support/priced-tenant.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

/**
 * Issue 20's "migrate many with the preview": an operator moves every tenant on a published version to another one
 * from the plan page. The preview's difference is this test's own computation from the usage it sent; the move
 * changes exactly the previewed tenants' subscriptions, audited, and the next event is rated at the new price.
 */
const MODEL = "acme/e2e-migrate";
const OPERATOR = { email: "otto@migrate.example", password: "correct horse battery staple" };
const PRICES = { v1: { input: "2", output: "10" }, v2: { input: "1", output: "8" } };

let stack: TestStack;
let db: Db;
let planId = "";
const versions = { v1: "", v2: "" };
let busy: TenantWithKey;
let quiet: TenantWithKey;

async function send(tenant: TenantWithKey, events: Record<string, unknown>[]): Promise<void> {
  const response = await fetch(`${stack.ingestUrl}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tenant.apiKey}` },
    body: JSON.stringify({ events: events.map((event) => ({ model: MODEL, ...event })) }),
  });
  expect(response.status).toBe(202);
}

async function ratedAmount(tenant: TenantWithKey, eventId: string): Promise<string | null> {
  const event = await db.usageEvent.findFirst({ where: { tenantId: tenant.tenantId, eventId } });
  return event?.amount?.toString() ?? null;
}

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  await db.model.create({ data: { id: MODEL, provider: "acme", displayName: "Migrate model" } });
  const plan = await db.plan.create({ data: { code: "e2e-migrate", name: "Team" } });
  planId = plan.id;
  for (const [key, version] of [
    ["v1", 1],
    ["v2", 2],
  ] as const) {
    const created = await db.planVersion.create({
      data: {
        planId,
        version,
        status: "published",
        currency: "USD",
        effectiveFrom: new Date("2020-01-01Z"),
        publishedAt: new Date(),
      },
    });
    versions[key] = created.id;
    await db.planRate.createMany({
      data: Object.entries(PRICES[key]).map(([tokenType, pricePerMillion]) => ({
        planVersionId: created.id,
        modelId: MODEL,
        tokenType: tokenType as "input" | "output",
        pricePerMillion,
      })),
    });
  }
  busy = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Busy Migrations");
  quiet = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Quiet Migrations");
  for (const tenant of [busy, quiet]) {
    await db.subscription.create({
      data: { tenantId: tenant.tenantId, planVersionId: versions.v1, startsAt: new Date("2020-01-01Z") },
    });
  }
  await createUser(db, { ...OPERATOR, name: "Otto Operator", role: "operator", tenantId: null });
  await send(busy, [{ id: "m-1", input_tokens: 1_000_000, output_tokens: 500_000 }]);
  // 1M input at 2 + 0.5M output at 10 under v1.
  for (let tries = 0; (await ratedAmount(busy, "m-1")) !== "7"; tries++) {
    if (tries > 200) throw new Error("the worker did not rate the event at 7 within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 180_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

/** Opens the dialog on v1, picks v2 and previews the move. */
async function preview(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Move the tenants on v1" }).click();
  await page.getByTestId("migrate-target").click();
  await page.getByRole("option", { name: "Team v2 · USD" }).click();
  await page.getByTestId("migrate-submit").click();
  await page.getByTestId("migrate-preview").waitFor({ timeout: 15_000 });
}

describe("moving a version's tenants from the plan page, in Chromium", () => {
  for (const viewport of VIEWPORTS) {
    it(`the dialog with its preview at ${viewport.width.toString()} px: axe-clean, no sideways scroll`, async () => {
      const target = { name: "plan-migrate-preview", path: `/admin/plans/${planId}`, ready: "migrate-preview" };
      await checkConsolePages(stack.apiUrl, [{ ...target, act: preview }], viewport, OPERATOR);
    }, 120_000);
  }

  it("previews the difference the usage makes, then moves exactly those tenants; the next event is at v2's price", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/admin/plans/${planId}`);
      await signIn(page, OPERATOR.email, OPERATOR.password);
      await preview(page);

      // This month's usage under both versions: 1M input + 0.5M output at v1 (2, 10) and at v2 (1, 8) per 1M.
      const perMillion = (tokens: number, price: string) => money(tokens.toString()).times(price).dividedBy(1e6);
      const at = (prices: { input: string; output: string }) =>
        perMillion(1_000_000, prices.input).plus(perMillion(500_000, prices.output));
      const rows = page.getByTestId("migrate-row");
      expect(await rows.count()).toBe(2);
      const busyRow = rows.filter({ hasText: "Busy Migrations" });
      expect(await busyRow.getByTestId("migrate-difference").textContent()).toBe(
        formatMoney(at(PRICES.v2).minus(at(PRICES.v1)), "USD"),
      );
      expect(await rows.filter({ hasText: "Quiet Migrations" }).getByTestId("migrate-difference").textContent()).toBe(
        formatMoney("0", "USD"),
      );
      // Nothing moved by the preview.
      expect(await db.subscription.count({ where: { planVersionId: versions.v2 } })).toBe(0);
      await screenshot(page, "plan-migrate-preview-confirmed-1440");

      await page.getByTestId("migrate-reason").fill("Team v2 is cheaper");
      await page.getByTestId("migrate-submit").filter({ hasText: "Move 2 tenants" }).click();
      await page.getByTestId("migrate-dialog").waitFor({ state: "detached", timeout: 20_000 });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }

    for (const tenant of [busy, quiet]) {
      const current = await db.subscription.findFirstOrThrow({ where: { tenantId: tenant.tenantId, endsAt: null } });
      expect(current.planVersionId).toBe(versions.v2);
    }
    const audited = await db.auditLog.findMany({ where: { action: "subscription.migrate" } });
    expect(audited.map((entry) => entry.tenantId).sort()).toEqual([busy.tenantId, quiet.tenantId].sort());
    expect(audited.every((entry) => entry.reason === "Team v2 is cheaper")).toBe(true);

    // 1M input + 1M output at v2: 1 + 8.
    await send(quiet, [{ id: "m-after", input_tokens: 1_000_000, output_tokens: 1_000_000 }]);
    await expect.poll(() => ratedAmount(quiet, "m-after"), { timeout: 20_000 }).toBe("9");
  }, 180_000);
});
