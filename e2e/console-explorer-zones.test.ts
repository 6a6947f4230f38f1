import { createDbClient, type Db } from "@tollgate/db";
import { createUser } from "@tollgate/use-cases/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import {
  checkConsolePages,
  screenshot,
  signIn,
  VIEWPORTS,
  watchBrowserErrors,
  type PageTarget,
} from "./support/console-pages.ts";
import { createTenantViaAdminApi } from "./support/priced-tenant.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

/**
 * Issue 19's tenant time zone in Chromium: a tenant admin sets it on the Settings page (a non-IANA name is refused
 * on the field), and the usage explorer then shows the tenant's days in it by default (another zone is a URL), its
 * URL's days being the zone's and sent as the zone's midnights.
 */
const ADMIN = { email: "admin@explorer-zones.example", password: "correct horse battery staple" };

let stack: TestStack;
let db: Db;
let tenantId: string;

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  tenantId = (await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Explorer Zones Ltd")).tenantId;
  await createUser(db, { ...ADMIN, name: "Ada Admin", role: "tenant_admin", tenantId });
}, 180_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

function targets(): PageTarget[] {
  return [
    { name: "zones-settings", path: "/settings", ready: "time-zone" },
    { name: "zones-usage", path: "/usage?time_zone=Asia%2FKolkata", ready: "explore-total-tokens" },
  ];
}

describe("tenant time zone in Chromium", () => {
  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width.toString()} px: load, no browser errors, axe-clean, no sideways scroll`, async () => {
      await checkConsolePages(stack.apiUrl, targets(), viewport, ADMIN);
    }, 120_000);
  }

  it("an admin sets the zone in Settings; the usage explorer then shows days in it by default", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/settings`);
      await signIn(page, ADMIN.email, ADMIN.password);
      const field = page.getByTestId("time-zone");
      await field.waitFor();
      expect(await field.inputValue()).toBe("UTC");
      await field.fill("Mars/Olympus");
      await page.getByTestId("time-zone-submit").click();
      await page.getByRole("alert").filter({ hasText: "Not an IANA time zone" }).waitFor();
      await field.fill("America/New_York");
      await page.getByTestId("time-zone-submit").click();
      await page.getByTestId("time-zone-saved").waitFor();
      expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).timeZone).toBe("America/New_York");
      await screenshot(page, "zones-settings-saved-1440");

      await page.goto(`${stack.apiUrl}/usage`);
      await expect
        .poll(() => page.getByTestId("range-label").textContent(), { timeout: 20_000 })
        .toContain("days in America/New_York");
      expect(new URL(page.url()).searchParams.get("time_zone")).toBeNull();
      // The URL's days are New York's; the explorer asks for them as New York's midnights (summer time ends on
      // Nov 1: 04:00Z before, 05:00Z after), so a shared link reads the same range.
      const sent: string[] = [];
      page.on("request", (request) => {
        if (request.url().includes("usageReads.explore?")) sent.push(decodeURIComponent(request.url()));
      });
      await page.goto(`${stack.apiUrl}/usage?from=2026-10-30&to=2026-11-03`);
      await expect
        .poll(() => page.getByTestId("range-label").textContent(), { timeout: 20_000 })
        .toContain("Oct 30 – Nov 3, 2026 · days in America/New_York");
      expect(await page.getByTestId("explore-from").inputValue()).toBe("2026-10-30");
      expect(await page.getByTestId("explore-to").inputValue()).toBe("2026-11-03");
      await expect.poll(() => sent.length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(sent[0]).toContain('"from":"2026-10-30T04:00:00.000Z","to":"2026-11-04T05:00:00.000Z"');
      await page.goto(`${stack.apiUrl}/usage?time_zone=UTC`);
      await expect
        .poll(() => page.getByTestId("range-label").textContent(), { timeout: 20_000 })
        .toContain("days in UTC");
      await screenshot(page, "zones-usage-utc-1440");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
