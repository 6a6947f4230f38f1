import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import {
  screenshot,
  seriousAxeViolations,
  sidewaysOverflow,
  VIEWPORTS,
  watchBrowserErrors,
} from "./support/console-pages.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

// A fresh platform has no login at all: the api prints a one-time setup link, the console's /setup page creates the
// first operator with it, and /account changes that operator's password. Real processes, real browser.
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
});

afterAll(async () => {
  const exitCodes = await stack.stop();
  expect(exitCodes).toEqual({ ingest: 0, worker: 0, api: 0 });
});

/** The token of the setup link the api logged at start (its host is the configured public URL's). */
async function setupToken(): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const match = /\/setup#token=([A-Za-z0-9_-]+)/.exec(stack.services.api.output());
    if (match?.[1]) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the api printed no setup link:\n${stack.services.api.output()}`);
}

const login = (email: string, password: string) =>
  fetch(`${stack.apiUrl}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });

describe("console: the signed-out pages", () => {
  // Before the setup below uses the link: the setup page shows its form for a valid link. An invitation link's form
  // shows before the token is checked (on submit), so a made-up one shows the same page.
  for (const viewport of VIEWPORTS) {
    it(`sign-in, setup and invitation at ${viewport.width.toString()} px: no browser errors, axe-clean, no sideways scroll`, async () => {
      const token = await setupToken();
      const targets = [
        { name: "sign-in", path: "/", ready: "login-submit" },
        { name: "setup", path: `/setup#token=${token}`, ready: "setup-submit" },
        { name: "setup-no-link", path: "/setup", ready: "setup-no-token" },
        { name: "invite", path: "/invite#token=an-invitation-link", ready: "invite-submit" },
      ];
      const { browser, close } = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        const errors = watchBrowserErrors(page);
        for (const target of targets) {
          await page.goto(`${stack.apiUrl}${target.path}`);
          await page.getByTestId(target.ready).waitFor({ timeout: 15_000 });
          await screenshot(page, `${target.name}-${viewport.width.toString()}`);
          expect({ page: target.name, violations: await seriousAxeViolations(page) }).toEqual({
            page: target.name,
            violations: [],
          });
          expect({ page: target.name, overflow: await sidewaysOverflow(page) }).toEqual({
            page: target.name,
            overflow: 0,
          });
        }
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  }
});

describe("console: first operator and password change", () => {
  it("creates the first operator from the setup link, signs in, and changes the password", async () => {
    const token = await setupToken();
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.apiUrl}/setup#token=${token}`);
      await page.getByTestId("setup-name").fill("Ada Operator");
      await page.getByTestId("setup-email").fill("ada@e2e.example");
      await page.getByTestId("setup-password").fill("first-password-1");
      await page.getByTestId("setup-confirm").fill("first-password-1");
      await page.getByTestId("setup-submit").click();
      await expect.poll(() => page.getByTestId("header-context").textContent()).toBe("Platform operator");
      // The used token is gone from the address bar.
      expect(new URL(page.url()).hash).toBe("");

      await page.getByTestId("account-link").click();
      await page.getByTestId("account-current-password").fill("first-password-1");
      await page.getByTestId("account-new-password").fill("second-password-2");
      await page.getByTestId("account-confirm-password").fill("second-password-2");
      await page.getByTestId("account-submit").click();
      await page.getByTestId("account-changed").waitFor();

      // The link works once: a second setup is refused on the page.
      const again = await browser.newPage();
      await again.goto(`${stack.apiUrl}/setup#token=${token}`);
      await again.getByTestId("setup-name").fill("Eve");
      await again.getByTestId("setup-email").fill("eve@e2e.example");
      await again.getByTestId("setup-password").fill("eve-password-12");
      await again.getByTestId("setup-confirm").fill("eve-password-12");
      await again.getByTestId("setup-submit").click();
      await again.getByTestId("setup-error").waitFor();
    } finally {
      await close();
    }
    expect((await login("ada@e2e.example", "first-password-1")).status).toBe(401);
    expect((await login("ada@e2e.example", "second-password-2")).status).toBe(200);
    expect((await login("eve@e2e.example", "eve-password-12")).status).toBe(401);
  });

  it("throttles failed sign-ins in the running api (429 with Retry-After)", async () => {
    // The first test's refused old password was failure 1 of 10 for this account.
    const statuses: number[] = [];
    for (let index = 0; index < 10; index += 1) {
      statuses.push((await login("ada@e2e.example", `wrong-${index.toString()}`)).status);
    }
    expect(statuses).toEqual([...Array.from({ length: 9 }, () => 401), 429]);
    const locked = await login("ada@e2e.example", "second-password-2");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});
