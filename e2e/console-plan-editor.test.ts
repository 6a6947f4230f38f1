import { createDbClient, type Db } from "@tollgate/db";
import { money, TOKEN_TYPES } from "@tollgate/domain";
import { createUser } from "@tollgate/use-cases/accounts";
import type { Locator, Page } from "playwright-core";
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
import { startTestStack, type TestStack } from "./support/test-stack.ts";

// The plan version editor over a whole catalog: 1,500 models × 5 token types of rates, virtualized.
const EMAIL = "operator@plan-editor.example";
const PASSWORD = "correct horse battery staple";
const MODEL_COUNT = 1500;
/** Saves of 7,500 rates on a busy machine take a while: waits, never timings in assertions. */
const POLL = { timeout: 20_000 };
const PROVIDERS = ["openai", "anthropic", "google", "mistral", "meta", "xai"];

let stack: TestStack;
let db: Db;
let planId: string;
let draftId: string;
let publishedId: string;

interface Rate {
  model_id: string;
  provider?: string;
  token_type: string;
  condition: string;
  price_per_million: string;
}
interface VersionBody {
  id: string;
  status: string;
  pricing: { rules: unknown[]; tiers: unknown[] };
  rates: Rate[];
}

async function operatorRest(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${stack.operatorKey}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** Model n's price per 1M of each type: distinct per model, a few decimals, exact as text. */
function basePrice(index: number, type: string): string {
  return money(BigInt(index))
    .div(100)
    .plus(TOKEN_TYPES.indexOf(type as (typeof TOKEN_TYPES)[number]) + 1)
    .toFixed();
}

const modelId = (index: number) =>
  `${PROVIDERS[index % PROVIDERS.length] ?? "openai"}/model-${index.toString().padStart(4, "0")}`;

/** The model the UI flow edits: its prices are basePrice(777, type). */
const TARGET = modelId(777);

async function readVersion(versionId: string): Promise<VersionBody> {
  const response = await operatorRest("GET", `/v1/admin/plans/${planId}/versions/${versionId}`);
  expect(response.status).toBe(200);
  return response.json as VersionBody;
}

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  await createUser(db, { email: EMAIL, name: "Pia Pricing", password: PASSWORD, role: "operator", tenantId: null });
  // The catalog in one set-based insert (the model create use case would take 1,500 audited calls).
  await db.$executeRaw`
    INSERT INTO models (id, provider, display_name, updated_at)
    SELECT (${PROVIDERS}::text[])[1 + i % 6] || '/model-' || lpad(i::text, 4, '0'),
           (${PROVIDERS}::text[])[1 + i % 6], 'Model ' || i, now()
      FROM generate_series(0, ${MODEL_COUNT - 1}) AS i`;
  const plan = await operatorRest("POST", "/v1/admin/plans", { code: "catalog", name: "Catalog" });
  expect(plan.status).toBe(201);
  planId = (plan.json as { id: string }).id;
  const rates: Rate[] = [];
  for (let index = 0; index < MODEL_COUNT; index += 1) {
    for (const type of TOKEN_TYPES) {
      rates.push({
        model_id: modelId(index),
        token_type: type,
        condition: "",
        price_per_million: basePrice(index, type),
      });
    }
  }
  const v1 = await operatorRest("POST", `/v1/admin/plans/${planId}/versions`, {
    currency: "USD",
    effective_from: "2026-01-01T00:00:00Z",
    rates,
  });
  expect(v1.status).toBe(201);
  publishedId = (v1.json as { id: string }).id;
  expect((await operatorRest("POST", `/v1/admin/plans/${planId}/versions/${publishedId}/publish`, {})).status).toBe(
    200,
  );
  const v2 = await operatorRest("POST", `/v1/admin/plans/${planId}/versions/${publishedId}/copy`, {
    effective_from: "2027-01-01T00:00:00Z",
  });
  expect(v2.status).toBe(201);
  draftId = (v2.json as { id: string }).id;
}, 180_000);

afterAll(async () => {
  await db.$disconnect();
  const exitCodes = await stack.stop();
  expect(exitCodes).toEqual({ ingest: 0, worker: 0, api: 0 });
});

/**
 * Milliseconds from typing `value` into the input at `selector` until `watched` shows text starting with `expected`
 * on a painted frame, measured in the browser (no test-runner round trips). Reported, never asserted.
 */
async function typeAndTime(
  page: Page,
  selector: string,
  value: string,
  watched: string,
  expected: string,
): Promise<number> {
  return page.evaluate(
    async ({ selector, value, watched, expected }) => {
      const input = document.querySelector<HTMLInputElement>(selector);
      const descriptor = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value");
      if (!input || !descriptor) throw new Error(`no input ${selector}`);
      const started = performance.now();
      // React listens to the native input event; the prototype's setter makes it see the new value.
      descriptor.set?.call(input, value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise<void>((resolve) => {
        const check = () => {
          if (document.querySelector(watched)?.textContent.startsWith(expected)) resolve();
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      return Math.round(performance.now() - started);
    },
    { selector, value, watched, expected },
  );
}

const editPath = (versionId: string) => `/admin/plans/${planId}/versions/${versionId}/edit`;

describe("console: plan version editor", () => {
  it.each(VIEWPORTS)("shows the draft editor and a published version's note at $name width", async (viewport) => {
    const targets: PageTarget[] = [
      { name: "plan-version-edit", path: editPath(draftId), ready: "rate-input" },
      { name: "plan-version-edit-published", path: editPath(publishedId), ready: "version-immutable" },
    ];
    await checkConsolePages(stack.apiUrl, targets, viewport, { email: EMAIL, password: PASSWORD });
  });

  it("raises one model's output price 20 % in bulk, adds a long-context rule, saves, and shows refusals at the field", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/`);
      await signIn(page, EMAIL, PASSWORD);
      const started = Date.now();
      await page.goto(`${stack.apiUrl}${editPath(draftId)}`);
      await page.getByTestId("rate-input").first().waitFor({ timeout: 30_000 });
      const loadMs = Date.now() - started;
      await expect.poll(() => page.getByTestId("rates-shown").textContent(), POLL).toBe("1500 of 1500 models");

      const filterMs = await typeAndTime(
        page,
        '[data-testid="rates-search"]',
        TARGET,
        '[data-testid="rates-shown"]',
        "1 of",
      );
      await expect.poll(() => page.getByTestId("rates-shown").textContent(), POLL).toBe("1 of 1500 models");
      expect(new URL(page.url()).searchParams.get("q")).toBe(TARGET);

      await page.getByTestId("rate-select-all").click();
      for (const type of ["input", "cached_input", "cache_write", "reasoning"]) {
        await page.getByTestId(`bulk-type-${type}`).click();
      }
      await page.getByTestId("bulk-value").fill("20");
      await page.getByTestId("bulk-apply").click();
      const output = page.getByLabel(`${TARGET} Output price per 1M`);
      const raised = money(basePrice(777, "output")).times("1.2").toFixed();
      await expect.poll(() => output.inputValue(), POLL).toBe(raised);
      await expect.poll(() => output.getAttribute("data-changed"), POLL).toBe("true");
      await expect.poll(() => page.getByTestId("rates-change-count").textContent(), POLL).toBe("1 changed price");
      await screenshot(page, "plan-version-edit-changed-1440");

      // Typing in one cell of the big table (measured; the input re-renders alone).
      const inputCell = `[aria-label="${TARGET} Input price per 1M"]`;
      const editMs = await typeAndTime(page, inputCell, "9.99", '[data-testid="rates-change-count"]', "2 changed");
      await page.getByLabel(`${TARGET} Input price per 1M`).fill(basePrice(777, "input"));
      console.log(
        `plan editor, ${MODEL_COUNT.toString()} models × 5 types: load ${loadMs.toString()} ms, filter ${filterMs.toString()} ms, edit ${editMs.toString()} ms`,
      );

      await page.getByTestId("add-rule-long_context").click();
      await page.getByTestId("rule-threshold").fill("128000");
      await page.getByTestId("rule-models").fill(TARGET);
      await page.getByTestId("save-version").click();
      await page.getByTestId("save-ok").waitFor();
      await screenshot(page, "plan-version-edit-saved-1440");

      const saved = await readVersion(draftId);
      expect(saved.rates).toHaveLength(MODEL_COUNT * 5);
      const changed = saved.rates.filter(
        (rate) => rate.price_per_million !== basePrice(Number(rate.model_id.slice(-4)), rate.token_type),
      );
      // Version rates carry their model's provider (the read-only version page filters on it).
      expect(changed).toEqual([
        { model_id: TARGET, provider: "mistral", token_type: "output", condition: "", price_per_million: raised },
      ]);
      expect(saved.pricing.rules).toEqual([{ kind: "long_context", prompt_tokens_above: 128000, models: [TARGET] }]);

      // Tier bands out of order: the domain's message at the schedule, and nothing saved.
      await page.getByTestId("add-tier-meter").click();
      await page.getByTestId("add-band").click();
      await page.getByTestId("band-up-to").nth(1).fill("500000");
      await page.getByTestId("save-version").click();
      const tierError = page.getByTestId("error-pricing.tiers.0.schedule");
      await expect.poll(() => tierError.textContent(), POLL).toBe("tier bounds must ascend");
      await screenshot(page, "plan-version-edit-tier-error-1440");
      expect((await readVersion(draftId)).pricing.tiers).toEqual([]);
      await page.getByRole("button", { name: "Remove Meter 1" }).click();

      // A long-context rate, then the rule removed: only the server knows the rates still use it.
      await page.getByTestId("rates-condition").click();
      await page.getByRole("option", { name: "Long context" }).click();
      await page.getByLabel(`${TARGET} Output price per 1M`).fill("30");
      await page.getByTestId("save-version").click();
      await expect.poll(async () => (await readVersion(draftId)).rates.length, POLL).toBe(MODEL_COUNT * 5 + 1);
      await page.getByRole("button", { name: "Remove 1. Long context" }).click();
      await page.getByTestId("save-version").click();
      await expect
        .poll(() => page.getByTestId("save-error").textContent())
        .toBe(
          `${TARGET} · Output · Long context: no rule in pricing.rules has the condition "long_context" (add the rule, or remove these rates)`,
        );
      await expect
        .poll(() => page.getByLabel(`${TARGET} Output price per 1M`).getAttribute("aria-invalid"))
        .toBe("true");
      await screenshot(page, "plan-version-edit-server-error-1440");
      expect((await readVersion(draftId)).pricing.rules).toHaveLength(1);
      // The provider filter is in the URL too.
      await page.goto(`${stack.apiUrl}${editPath(draftId)}?provider=xai`);
      await expect
        .poll(() => page.getByTestId("rates-shown").textContent())
        .toBe(`${(MODEL_COUNT / 6).toString()} of 1500 models`);
      expect(errors.filter((error) => !error.includes("status of 400"))).toEqual([]);
    } finally {
      await close();
    }
  });
});

/** The message shown under a labelled field (its aria-describedby), or null when it shows none. */
async function fieldMessage(scope: Page | Locator, label: string): Promise<string | null> {
  const input = scope.getByLabel(label, { exact: true });
  if ((await input.getAttribute("aria-invalid")) !== "true") return null;
  const id = await input.getAttribute("aria-describedby");
  if (id === null) return null;
  return input.page().locator(`[id="${id}"]`).textContent();
}

async function operatorBrowser(run: (page: Page, errors: string[]) => Promise<void>): Promise<void> {
  const { browser, close } = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    const errors = watchBrowserErrors(page);
    await page.goto(`${stack.apiUrl}/`);
    await signIn(page, EMAIL, PASSWORD);
    await run(page, errors);
  } finally {
    await close();
  }
}

// Issue 20: the pricing document's remaining fields driven in the browser (tiers of each mode, allowances, minimum
// commitment, spend cap), then a version's lifecycle: a refused publish shows the server's message, archive.
describe("console: pricing terms, tiers and allowances; archiving", () => {
  let termsPlanId: string;
  let termsDraftId: string;
  const termsEditPath = () => `/admin/plans/${termsPlanId}/versions/${termsDraftId}/edit`;

  beforeAll(async () => {
    const plan = await operatorRest("POST", "/v1/admin/plans", { code: "terms", name: "Terms" });
    expect(plan.status).toBe(201);
    termsPlanId = (plan.json as { id: string }).id;
    const draft = await operatorRest("POST", `/v1/admin/plans/${termsPlanId}/versions`, {
      currency: "USD",
      effective_from: "2027-01-01T00:00:00Z",
      rates: [{ model_id: modelId(1), token_type: "input", condition: "", price_per_million: "3" }],
    });
    expect(draft.status).toBe(201);
    termsDraftId = (draft.json as { id: string }).id;
  });

  it("fills graduated, volume and package tiers, allowances, commitment and cap; saved, shown after a reload; refusals at the field", async () => {
    await operatorBrowser(async (page, errors) => {
      await page.goto(`${stack.apiUrl}${termsEditPath()}`);
      await page.getByTestId("rate-input").first().waitFor({ timeout: 30_000 });
      const meters = page.getByTestId("tier-meter");
      for (let index = 0; index < 3; index += 1) await page.getByTestId("add-tier-meter").click();

      // Graduated (the default): the first million at $2/M, the rest at $1.50/M.
      await meters.nth(0).getByTestId("band-up-to").nth(0).fill("1000000");
      await meters.nth(0).getByTestId("band-price").nth(0).fill("2");
      await meters.nth(0).getByTestId("band-price").nth(1).fill("1.5");
      // Volume, on output tokens.
      await meters.nth(1).getByTestId("tier-mode").click();
      await page.getByRole("option", { name: "Volume" }).click();
      await meters.nth(1).getByRole("checkbox", { name: "Output", exact: true }).click();
      await meters.nth(1).getByRole("checkbox", { name: "Input", exact: true }).click();
      await meters.nth(1).getByTestId("band-up-to").nth(0).fill("5000000");
      await meters.nth(1).getByTestId("band-price").nth(0).fill("3");
      await meters.nth(1).getByTestId("band-price").nth(1).fill("2.5");
      // Package, on cached input.
      await meters.nth(2).getByTestId("tier-mode").click();
      await page.getByRole("option", { name: "Package" }).click();
      await meters.nth(2).getByRole("checkbox", { name: "Cached input", exact: true }).click();
      await meters.nth(2).getByRole("checkbox", { name: "Input", exact: true }).click();
      await meters.nth(2).getByLabel("Package size (tokens)").fill("1000000");
      await meters.nth(2).getByLabel("Package price").fill("4");

      await page.getByRole("button", { name: "Add token allowance" }).click();
      await page.getByLabel("Tokens per period", { exact: true }).fill("250000");
      await page.getByRole("button", { name: "Add money allowance" }).click();
      await page.getByLabel("Amount per period", { exact: true }).fill("10");
      await page.getByLabel("Minimum commitment", { exact: true }).fill("100");
      await page.getByLabel("Spend cap", { exact: true }).fill("5000");
      await page.getByTestId("save-version").click();
      await page.getByTestId("save-ok").waitFor({ timeout: 20_000 });

      const expected = {
        tiers: [
          {
            id: "meter-1",
            token_types: ["input"],
            schedule: {
              mode: "graduated",
              tiers: [
                { up_to: "1000000", price_per_million: "2" },
                { up_to: null, price_per_million: "1.5" },
              ],
            },
          },
          {
            id: "meter-2",
            token_types: ["output"],
            schedule: {
              mode: "volume",
              tiers: [
                { up_to: "5000000", price_per_million: "3" },
                { up_to: null, price_per_million: "2.5" },
              ],
            },
          },
          {
            id: "meter-3",
            token_types: ["cached_input"],
            schedule: { mode: "package", package_size: "1000000", package_price: "4" },
          },
        ],
        allowances: [
          { kind: "tokens", id: "included-tokens", tokens: "250000" },
          { kind: "money", id: "included-credit", amount: "10" },
        ],
        minimum_commitment: "100",
        spend_cap: "5000",
      };
      expect((await readTermsVersion()).pricing).toMatchObject(expected);

      // A reload shows what was saved, field by field.
      await page.reload();
      await page.getByTestId("rate-input").first().waitFor({ timeout: 30_000 });
      expect(await meters.count()).toBe(3);
      expect(await meters.nth(0).getByTestId("tier-mode").textContent()).toBe("Graduated");
      expect(await meters.nth(0).getByTestId("band-price").nth(1).inputValue()).toBe("1.5");
      expect(await meters.nth(1).getByTestId("tier-mode").textContent()).toBe("Volume");
      expect(await meters.nth(1).getByTestId("band-up-to").nth(0).inputValue()).toBe("5000000");
      expect(await meters.nth(1).getByRole("checkbox", { name: "Output", exact: true }).isChecked()).toBe(true);
      expect(await meters.nth(2).getByTestId("tier-mode").textContent()).toBe("Package");
      expect(await meters.nth(2).getByLabel("Package price").inputValue()).toBe("4");
      expect(await page.getByLabel("Tokens per period", { exact: true }).inputValue()).toBe("250000");
      expect(await page.getByLabel("Amount per period", { exact: true }).inputValue()).toBe("10");
      expect(await page.getByLabel("Minimum commitment", { exact: true }).inputValue()).toBe("100");
      expect(await page.getByLabel("Spend cap", { exact: true }).inputValue()).toBe("5000");
      await screenshot(page, "plan-version-edit-terms-saved-1440");

      // Invalid values: each refused at its field with the message the api gives for the same document.
      await page.getByLabel("Spend cap", { exact: true }).fill("-5");
      await page.getByLabel("Tokens per period", { exact: true }).fill("1.5");
      await meters.nth(2).getByLabel("Package size (tokens)").fill("0");
      await page.getByTestId("save-version").click();
      await expect.poll(() => fieldMessage(page, "Spend cap")).not.toBeNull();
      const shown = {
        "pricing.spend_cap": await fieldMessage(page, "Spend cap"),
        "pricing.allowances.0.tokens": await fieldMessage(page, "Tokens per period"),
        "pricing.tiers.2.schedule.package_size": await fieldMessage(meters.nth(2), "Package size (tokens)"),
      };
      await screenshot(page, "plan-version-edit-terms-refused-1440");
      const saved = await readTermsVersion();
      const refused = await operatorRest("PATCH", `/v1/admin/plans/${termsPlanId}/versions/${termsDraftId}`, {
        pricing: {
          ...saved.pricing,
          spend_cap: "-5",
          allowances: [
            { kind: "tokens", id: "included-tokens", tokens: "1.5" },
            { kind: "money", id: "included-credit", amount: "10" },
          ],
          tiers: [
            ...expected.tiers.slice(0, 2),
            { ...expected.tiers[2], schedule: { mode: "package", package_size: "0", package_price: "4" } },
          ],
        },
      });
      expect(refused.status).toBe(400);
      const message = (refused.json as { error: { message: string } }).error.message;
      for (const [path, text] of Object.entries(shown)) {
        expect(text, path).not.toBeNull();
        expect(message).toContain(`${path}: ${text ?? ""}`);
      }
      // Nothing was saved.
      expect((await readTermsVersion()).pricing).toMatchObject(expected);
      expect(errors.filter((error) => !error.includes("status of 400"))).toEqual([]);
    });
  });

  async function readTermsVersion(): Promise<VersionBody & { pricing: Record<string, unknown> }> {
    const response = await operatorRest("GET", `/v1/admin/plans/${termsPlanId}/versions/${termsDraftId}`);
    expect(response.status).toBe(200);
    return response.json as VersionBody & { pricing: Record<string, unknown> };
  }

  it("a refused publish shows the server's message; archiving a version in the browser; what an archived one shows", async () => {
    await operatorBrowser(async (page, errors) => {
      await page.goto(`${stack.apiUrl}/admin/plans/${planId}`);
      await page.getByTestId("plan-versions").waitFor({ timeout: 30_000 });
      // An empty draft prices nothing: publishing it is refused by the api, whose message the dialog shows.
      await page.getByTestId("new-draft").click();
      await page.getByTestId("new-draft-date").fill("2028-01-01");
      await page.getByTestId("new-draft-submit").click();
      await page.getByTestId("new-draft-dialog").waitFor({ state: "detached", timeout: 15_000 });
      await page.getByRole("button", { name: "Publish v3" }).click();
      await page.getByTestId("publish-version-confirm").click();
      const refusal = page.getByTestId("publish-version-dialog").getByRole("alert");
      await refusal.waitFor({ timeout: 15_000 });
      await screenshot(page, "admin-plan-publish-refused-1440");
      const v3 = (await readPlan()).versions.find((version) => version.version === 3);
      if (!v3) throw new Error("no v3");
      expect(v3.status).toBe("draft");
      const api = await operatorRest("POST", `/v1/admin/plans/${planId}/versions/${v3.id}/publish`, {});
      expect(api.status).toBe(409);
      expect(await refusal.textContent()).toBe((api.json as { error: { message: string } }).error.message);
      await page.getByRole("button", { name: "Cancel" }).click();

      // Archive v1 (published): the row says archived and offers only what an archived version allows.
      await page.getByRole("button", { name: "Archive v1" }).click();
      await page.getByTestId("archive-version-confirm").click();
      await page.getByTestId("archive-version-dialog").waitFor({ state: "detached", timeout: 15_000 });
      const v1Row = page
        .getByTestId("plan-versions")
        .getByRole("row")
        .filter({ has: page.getByRole("link", { name: "v1", exact: true }) });
      await v1Row.getByText("archived").waitFor({ timeout: 15_000 });
      expect(await page.getByRole("button", { name: "Archive v1" }).count()).toBe(0);
      expect(await v1Row.getByRole("button", { name: "Copy v1 to a new draft" }).count()).toBe(1);
      await screenshot(page, "admin-plan-archived-1440");
      expect((await readVersion(publishedId)).status).toBe("archived");

      await page.goto(`${stack.apiUrl}/admin/plans/${planId}/versions/${publishedId}`);
      const note = page.getByTestId("version-archived");
      await note.waitFor({ timeout: 30_000 });
      expect(await note.textContent()).toMatch(/^Archived .+: no new subscriptions\. No tenant is on it\./);
      await page.goto(`${stack.apiUrl}${editPath(publishedId)}`);
      expect(await page.getByTestId("version-immutable").textContent({ timeout: 30_000 })).toMatch(
        /^Archived versions are immutable/,
      );
      expect(errors.filter((error) => !error.includes("status of 409"))).toEqual([]);
    });
  });

  async function readPlan(): Promise<{ versions: { id: string; version: number; status: string }[] }> {
    const response = await operatorRest("GET", `/v1/admin/plans/${planId}`);
    expect(response.status).toBe(200);
    return response.json as { versions: { id: string; version: number; status: string }[] };
  }

  it.each(VIEWPORTS)(
    "the changed pages at $name width: archived version, plan page, terms editor",
    async (viewport) => {
      const targets: PageTarget[] = [
        { name: "admin-plan-archived", path: `/admin/plans/${planId}`, ready: "plan-versions" },
        {
          name: "plan-version-archived",
          path: `/admin/plans/${planId}/versions/${publishedId}`,
          ready: "version-archived",
        },
        { name: "plan-version-edit-archived", path: editPath(publishedId), ready: "version-immutable" },
        { name: "plan-version-edit-terms", path: termsEditPath(), ready: "tier-meter" },
      ];
      await checkConsolePages(stack.apiUrl, targets, viewport, { email: EMAIL, password: PASSWORD });
    },
  );
});
