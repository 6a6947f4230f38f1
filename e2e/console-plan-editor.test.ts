import { createDbClient, type Db } from "@tollgate/db";
import { money, TOKEN_TYPES } from "@tollgate/domain";
import { createUser } from "@tollgate/use-cases/accounts";
import type { Page } from "playwright-core";
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
