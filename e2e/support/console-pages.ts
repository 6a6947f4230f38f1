import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { launchBrowser, watchCspViolations } from "./browser.ts";
import { REPO_ROOT } from "./service-process.ts";

/** Where the console screenshots go; CI keeps this folder (see .ci/run). */
export const SCREENSHOT_DIR = join(REPO_ROOT, "screenshots/console");

export const VIEWPORTS = [
  { name: "laptop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** Browser errors of a page: uncaught exceptions and console errors (a failed request, a React warning). */
export function watchBrowserErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** axe's serious and critical violations on the page as it is now (rule id and the first offending node). */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes[0]?.target.join(" ") ?? ""} — ${violation.help}`);
}

/** How far the page scrolls sideways (0 when nothing overflows the viewport). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * How many <h1> the page has (outside an open dialog) and whether the browser tab names the page ("Invoices · Tollgate", not the bare
 * product name the HTML starts with): each page should have exactly one of each.
 */
export async function headingAndTitle(page: Page): Promise<{ h1: number; title: string; titled: boolean }> {
  return page.evaluate(() => ({
    // An open dialog's own heading is the dialog's, not a second page title.
    h1: [...document.querySelectorAll("h1")].filter((h1) => !h1.closest('[role="dialog"], [role="alertdialog"]'))
      .length,
    title: document.title,
    titled: / · Tollgate$/.test(document.title) && document.title !== " · Tollgate",
  }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Signs in on the login page the console shows; done once the header shows the user (the cookie is set by then). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("header-context").waitFor({ timeout: 15_000 });
}

/**
 * Each page by URL, what to do on it first (if anything), and what shows once its data is on screen. `refused`: the
 * status the api answers the action with on purpose (the browser logs it as an error; any other error still fails).
 */
export interface PageTarget {
  name: string;
  path: string;
  ready: string;
  act?: (page: Page) => Promise<void>;
  refused?: number;
}

/**
 * Each page at one viewport, signed in as `user`: it loads, no browser errors or CSP violations, axe-clean, no
 * sideways scroll; a screenshot of each (`<name>-<width>.png`).
 */
export async function checkConsolePages(
  baseUrl: string,
  targets: PageTarget[],
  viewport: (typeof VIEWPORTS)[number],
  user: { email: string; password: string },
): Promise<void> {
  const { browser, close } = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const errors = watchBrowserErrors(page);
    const csp = watchCspViolations(page);
    await page.goto(`${baseUrl}/`);
    await signIn(page, user.email, user.password);
    for (const target of targets) {
      await page.goto(`${baseUrl}${target.path}`);
      const errorsBefore = errors.length;
      await target.act?.(page);
      // Some parts exist twice, for phones and for wider screens, one of them hidden.
      await page
        .getByTestId(target.ready)
        .filter({ visible: true })
        .first()
        .waitFor({ timeout: 15_000 })
        .catch(async (error: unknown) => {
          // What the page showed instead, and what the browser said, make the failure readable.
          await screenshot(page, `FAILED-${target.name}-${viewport.width.toString()}`);
          throw new Error(`${target.name} never showed ${target.ready}; browser errors: ${errors.join(" | ")}`, {
            cause: error,
          });
        });
      if (target.refused !== undefined) {
        const refusal = `status of ${target.refused.toString()}`;
        const logged = errors.splice(errorsBefore).filter((error) => !error.includes(refusal));
        errors.push(...logged);
      }
      await screenshot(page, `${target.name}-${viewport.width.toString()}`);
      expect({ page: target.name, violations: await seriousAxeViolations(page) }).toEqual({
        page: target.name,
        violations: [],
      });
      const { h1, titled } = await headingAndTitle(page);
      expect({ page: target.name, h1, titled }).toEqual({ page: target.name, h1: 1, titled: true });
      expect({ page: target.name, overflow: await sidewaysOverflow(page) }).toEqual({
        page: target.name,
        overflow: 0,
      });
    }
    expect(errors).toEqual([]);
    expect(csp).toEqual([]);
  } finally {
    await close();
  }
}
