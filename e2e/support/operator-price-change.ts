import type { Page } from "playwright-core";
import { expect } from "vitest";

/** The console's labels of the token types whose prices a long-context rule may set (the rates editor's cells). */
export type PriceCellLabel = "Input" | "Cached input" | "Cache write" | "Output" | "Reasoning";

/** What the operator changes on one model: its output price by a percentage, and a long-context rule for it. */
export interface PriceChange {
  model: string;
  /** The bulk action's percentage on the output price, e.g. "20". */
  outputPercent: string;
  longContext: {
    above: number;
    /** Every rate times this above the threshold (the rule's multiplier)… */
    multiplier?: string;
    /** …or the model's own long-context prices per 1M, typed into the rates editor under "Long context". */
    prices?: Partial<Record<PriceCellLabel, string>>;
  };
}

/**
 * On the plan's page (signed in as an operator): copies version `from` to a new draft (keeping its effective date),
 * raises the model's output price by the bulk action, appends the long-context rule (and its prices), and saves.
 * `expectedOutput` is the raised price the operator should see in the cell before saving.
 */
export async function draftPriceChange(
  page: Page,
  change: PriceChange,
  versions: { from: number; draft: number },
  expectedOutput: string,
): Promise<void> {
  await page.getByRole("button", { name: `Copy v${versions.from.toString()} to a new draft` }).click();
  await page.getByTestId("copy-version-submit").click();
  await page.getByRole("link", { name: `Edit v${versions.draft.toString()}` }).click();
  await page.getByTestId("rates-search").fill(change.model);
  // The search may show models whose ids contain this one (gpt-4.1-mini): the row's own box selects just it.
  await page.getByRole("checkbox", { name: `Select ${change.model}`, exact: true }).click();
  for (const type of ["input", "cached_input", "cache_write", "reasoning"]) {
    await page.getByTestId(`bulk-type-${type}`).click();
  }
  await page.getByTestId("bulk-value").fill(change.outputPercent);
  await page.getByTestId("bulk-apply").click();
  const outputCell = page.getByLabel(`${change.model} Output price per 1M`, { exact: true });
  await expect.poll(() => outputCell.inputValue()).toBe(expectedOutput);

  await page.getByTestId("add-rule-long_context").click();
  // A plan may have rules already: the one just added is the last.
  const rule = page.getByTestId("rule").last();
  await rule.getByTestId("rule-threshold").fill(change.longContext.above.toString());
  if (change.longContext.multiplier !== undefined) {
    await rule.getByTestId("rule-multiplier").fill(change.longContext.multiplier);
  }
  await rule.getByTestId("rule-models").fill(change.model);
  const prices = Object.entries(change.longContext.prices ?? {});
  if (prices.length > 0) {
    await page.getByTestId("rates-condition").click();
    await page.getByRole("option", { name: "Long context" }).click();
    for (const [label, price] of prices) {
      await page.getByLabel(`${change.model} ${label} price per 1M`, { exact: true }).fill(price);
    }
  }
  await page.getByTestId("save-version").click();
  await page.getByTestId("save-ok").waitFor({ timeout: 20_000 });
}

/** The simulation page's gross totals as shown: before (the ledger), after (the draft) and their difference. */
export interface ShownTotals {
  before: string | null;
  after: string | null;
  difference: string | null;
}

/**
 * On the draft's page: simulates it over the last full month for the tenants on its plan (the form's default scope)
 * and waits until it finished; returns the totals shown.
 */
export async function simulateLastMonth(page: Page): Promise<ShownTotals> {
  await page.getByTestId("simulate-version").click();
  await page.getByTestId("simulation-window").click();
  await page.getByRole("option", { name: "The last full month" }).click();
  await page.getByTestId("simulation-start").click();
  await page.waitForURL(/\/admin\/simulations\/[0-9a-f-]{36}/);
  await expect.poll(() => page.getByTestId("simulation-status").textContent(), { timeout: 60_000 }).toBe("Finished");
  return {
    before: await page.getByTestId("total-before").textContent(),
    after: await page.getByTestId("total-after").textContent(),
    difference: await page.getByTestId("total-difference").textContent(),
  };
}

/** On a finished simulation's page: publishes the draft and migrates the simulated tenants in one confirmed step. */
export async function publishAndMigrate(page: Page): Promise<void> {
  await page.getByTestId("simulation-publish").click();
  await page.getByTestId("simulation-publish-confirm").click();
  await page.getByText("Published and migrated").waitFor({ timeout: 20_000 });
}

/**
 * On the tenant's page: grants a credit with the reason the audit log keeps (first refused without one); done once
 * the grant is listed.
 */
export async function grantCredit(page: Page, amount: string, reason: string): Promise<void> {
  await page.getByTestId("grant-open").click();
  await page.getByTestId("grant-amount").fill(amount);
  await page.getByTestId("grant-submit").click();
  await page.getByTestId("grant-dialog").getByText("required: say why").waitFor({ timeout: 5_000 });
  await page.getByTestId("grant-reason").fill(reason);
  await page.getByTestId("grant-submit").click();
  await page.getByTestId("grant-table").getByText(reason).waitFor({ timeout: 15_000 });
}

/** What an operator's price change leaves in the audit log, in the order it was done. */
export const PRICE_CHANGE_AUDIT_ACTIONS: readonly string[] = [
  "plan_version.copy",
  "plan_version.update",
  "plan_simulation.start",
  // Publish and migrate is one step that logs the publish, each tenant's migration, and itself.
  "plan_version.publish",
  "subscription.migrate",
  "plan_simulation.publish_and_migrate",
  "credit_grant.create",
];

export interface AuditRow {
  action: string;
  /** "by <name> (<email>)", or the recorded actor of a key or job. */
  actor: string;
}

/** On the audit log page: the rows shown, newest first. */
export async function auditRows(page: Page): Promise<AuditRow[]> {
  await page.getByTestId("audit-table").waitFor({ timeout: 15_000 });
  const actions = await page.getByTestId("audit-action").allTextContents();
  const actors = await page.getByTestId("audit-actor").allTextContents();
  return actions.map((action, index) => ({ action, actor: actors[index] ?? "" }));
}

/**
 * The newest price change in the rows (newest first): the latest entry of each of its actions, oldest first, a run
 * of repeats (several saves of the draft, several tenants migrated) counted once. Equal to PRICE_CHANGE_AUDIT_ACTIONS
 * when every step was logged in order after any older entries of the same actions (a seed's credit grants, say).
 */
export function latestPriceChange(rows: readonly AuditRow[]): AuditRow[] {
  const steps: AuditRow[] = [];
  for (const row of rows) {
    if (!PRICE_CHANGE_AUDIT_ACTIONS.includes(row.action) || steps.at(-1)?.action === row.action) continue;
    steps.push(row);
    if (steps.length === PRICE_CHANGE_AUDIT_ACTIONS.length) break;
  }
  return steps.reverse();
}
