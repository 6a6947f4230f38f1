import { createDbClient, type Db } from "@tollgate/db";
import { createUser } from "@tollgate/use-cases/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import {
  checkConsolePages,
  headingAndTitle,
  screenshot,
  signIn,
  VIEWPORTS,
  watchBrowserErrors,
} from "./support/console-pages.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

// The operators' pricing tiers pages over real processes and a real browser: a catalog of 1,500 models, a plan
// with a published version and an edited copy, the pages at both viewports, and copy → publish through the UI.

const OPERATOR = { email: "operator@console-plans.example", password: "correct horse battery staple" };
const MODELS = 1500;
const modelId = (index: number) => `${index % 3 === 0 ? "zeta" : "acme"}/model-${index.toString().padStart(4, "0")}`;

let stack: TestStack;
let db: Db;
let planId = "";
let v1 = "";
let v2 = "";

interface Version {
  id: string;
  version: number;
  status: string;
  effective_from: string;
  rate_count: number;
}

async function operatorRest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${stack.operatorKey}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status.toString()} ${JSON.stringify(json)}`);
  return json as T;
}

/** Every model's input, cached input and output rate; 20 models with long-context rates too. */
function rates(outputPrice: (index: number) => string) {
  return Array.from({ length: MODELS }, (_, index) => [
    { model_id: modelId(index), token_type: "input", price_per_million: "3" },
    { model_id: modelId(index), token_type: "cached_input", price_per_million: "0.3" },
    { model_id: modelId(index), token_type: "output", price_per_million: outputPrice(index) },
    ...(index < 20
      ? [{ model_id: modelId(index), token_type: "input", condition: "long_context", price_per_million: "6" }]
      : []),
  ]).flat();
}

const PRICING = {
  model_markups: [{ models: ["zeta/*"], markup_percent: "25" }],
  unlisted_models: { kind: "cost_markup", markup_percent: "20" },
  rules: [
    { kind: "long_context", prompt_tokens_above: 200000, multiplier: "2", models: ["acme/*"] },
    { kind: "service_tier", service_tier: "priority", multiplier: "1.5" },
    { kind: "request_fee", amount: "0.001" },
  ],
  allowances: [{ kind: "tokens", id: "free-input", tokens: "1000000", token_types: ["input"] }],
  tiers: [
    {
      id: "volume-output",
      token_types: ["output"],
      models: ["zeta/*"],
      schedule: {
        mode: "graduated",
        tiers: [
          { up_to: "1000000000", price_per_million: "15" },
          { up_to: null, price_per_million: "12", flat_fee: "10" },
        ],
      },
    },
  ],
  minimum_commitment: "500",
  spend_cap: "10000",
};

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  await createUser(db, { ...OPERATOR, name: "Otto Operator", role: "operator", tenantId: null });
}, 180_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
});

/** The catalog and a plan: v1 published, v2 its copy with 30 output prices raised, 1 model dropped, a cap changed. */
async function seedPlan(): Promise<void> {
  await db.model.createMany({
    data: Array.from({ length: MODELS }, (_, index) => ({
      id: modelId(index),
      provider: modelId(index).split("/")[0] ?? "",
      displayName: `Model ${index.toString()}`,
    })),
  });
  const plan = await operatorRest<{ id: string }>("POST", "/v1/admin/plans", {
    code: "pro",
    name: "Pro",
    description: "For teams shipping agents",
  });
  planId = plan.id;
  const first = await operatorRest<Version>("POST", `/v1/admin/plans/${planId}/versions`, {
    currency: "USD",
    effective_from: "2026-11-01T00:00:00Z",
    pricing: PRICING,
    rates: rates(() => "15"),
  });
  v1 = first.id;
  await operatorRest("POST", `/v1/admin/plans/${planId}/versions/${v1}/publish`, {});
  const copy = await operatorRest<Version>("POST", `/v1/admin/plans/${planId}/versions/${v1}/copy`, {
    effective_from: "2027-01-01T00:00:00Z",
  });
  v2 = copy.id;
  await operatorRest("PATCH", `/v1/admin/plans/${planId}/versions/${v2}`, {
    pricing: { ...PRICING, spend_cap: "12000" },
    rates: rates((index) => (index < 30 ? "18" : "15")).filter((rate) => rate.model_id !== modelId(MODELS - 1)),
  });
}

describe("console: pricing tiers", () => {
  for (const viewport of VIEWPORTS) {
    it(`shows the empty list at ${viewport.width.toString()} px`, async () => {
      await checkConsolePages(
        stack.apiUrl,
        [{ name: "plans-empty", path: "/admin/plans", ready: "empty" }],
        viewport,
        OPERATOR,
      );
    }, 120_000);
  }

  it("seeds a 1,500-model plan through the operator API", async () => {
    await seedPlan();
    const diff = await operatorRest<{ rates: { counts: Record<string, number> } }>(
      "GET",
      `/v1/admin/plans/${planId}/diff?a=${v1}&b=${v2}`,
    );
    // 30 output prices raised; the last model's 3 rates removed (it is not among the 20 long-context models).
    expect(diff.rates.counts).toEqual({ added: 0, removed: 3, changed: 30, unchanged: MODELS * 3 + 20 - 33 });
  }, 120_000);

  for (const viewport of VIEWPORTS) {
    it(`shows list, plan, version and diff at ${viewport.width.toString()} px`, async () => {
      await checkConsolePages(
        stack.apiUrl,
        [
          { name: "plans", path: "/admin/plans", ready: "plan-card" },
          { name: "plan", path: `/admin/plans/${planId}`, ready: "plan-versions" },
          { name: "plan-version", path: `/admin/plans/${planId}/versions/${v1}`, ready: "plan-rates" },
          {
            name: "plan-version-filtered",
            path: `/admin/plans/${planId}/versions/${v1}?q=model-000&provider=acme`,
            ready: "plan-rates",
          },
          { name: "plan-diff", path: `/admin/plans/${planId}/diff?a=${v1}&b=${v2}`, ready: "rate-diff" },
        ],
        viewport,
        OPERATOR,
      );
    }, 180_000);
  }

  it("renders only the rows in view of 1,500 models, and filters by the URL", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/`);
      await signIn(page, OPERATOR.email, OPERATOR.password);
      const started = Date.now();
      await page.goto(`${stack.apiUrl}/admin/plans/${planId}/versions/${v1}`);
      await page.getByTestId("plan-rates").waitFor();
      const shownAfterMs = Date.now() - started;
      const domRows = await page.getByTestId("plan-rates").locator("tbody tr:not([aria-hidden])").count();
      expect(await page.getByTestId("rate-count").textContent()).toBe("1,520 of 1,520 models × conditions");
      expect(domRows).toBeLessThan(60);
      console.log(
        `version page with ${MODELS.toString()} models: rates shown after ${shownAfterMs.toString()} ms, ${domRows.toString()} rows in the DOM`,
      );

      await page.getByTestId("rate-search").fill("model-001");
      await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("model-001");
      // model-0010 … model-0019, each with a long-context row too.
      expect(await page.getByTestId("rate-count").textContent()).toBe("20 of 1,520 models × conditions");
      expect(await page.getByTestId("rate-condition").count()).toBeGreaterThan(0);

      // The diff lists only changes until "All rates" (kept in the URL) adds the unchanged ones.
      await page.goto(`${stack.apiUrl}/admin/plans/${planId}/diff?a=${v1}&b=${v2}`);
      await page.getByTestId("rate-diff").waitFor();
      expect(await page.getByTestId("rate-unchanged").count()).toBe(0);
      await page.getByTestId("diff-show-all").click();
      await expect.poll(() => new URL(page.url()).searchParams.get("show")).toBe("all");
      await page.getByTestId("rate-unchanged").first().waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it("copies the published version to a draft and publishes it through the UI; the API shows it published", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/`);
      await signIn(page, OPERATOR.email, OPERATOR.password);
      await page.goto(`${stack.apiUrl}/admin/plans/${planId}`);
      await page.getByTestId("plan-versions").waitFor();
      // Rows are newest first: v2 (draft), v1 (published).
      await page.getByRole("button", { name: "Copy v1 to a new draft" }).click();
      await page.getByTestId("copy-version-date").fill("2027-03-01");
      await page.getByTestId("copy-version-submit").click();
      await page.getByRole("button", { name: "Publish v3" }).waitFor();

      await page.getByRole("button", { name: "Publish v3" }).click();
      const dialog = page.getByTestId("publish-version-dialog");
      expect(await dialog.textContent()).toContain("2027-03-01 00:00 UTC");
      await screenshot(page, "plan-publish-dialog-1440");
      await page.getByTestId("publish-version-confirm").click();
      await dialog.waitFor({ state: "detached" });
      await page.getByRole("button", { name: "Copy v3 to a new draft" }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
    const plan = await operatorRest<{ versions: Version[] }>("GET", `/v1/admin/plans/${planId}`);
    const v3 = plan.versions.find((version) => version.version === 3);
    expect(v3).toMatchObject({
      status: "published",
      effective_from: "2027-03-01T00:00:00.000Z",
      rate_count: MODELS * 3 + 20,
    });
    const diff = await operatorRest<{ rates: { counts: Record<string, number> }; pricing: { changes: unknown[] } }>(
      "GET",
      `/v1/admin/plans/${planId}/diff?a=${v1}&b=${v3?.id ?? ""}`,
    );
    expect(diff.rates.counts).toMatchObject({ added: 0, removed: 0, changed: 0 });
    expect(diff.pricing.changes).toEqual([]);
  }, 120_000);
  it("creates a plan in the New plan dialog; a taken code is refused at the code field", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/`);
      await signIn(page, OPERATOR.email, OPERATOR.password);
      await page.goto(`${stack.apiUrl}/admin/plans`);
      await page.getByTestId("create-plan").click();
      await page.getByTestId("plan-code").fill("pro");
      await page.getByTestId("plan-name").fill("Pro again");
      await page.getByTestId("plan-submit").click();
      const codeField = page.getByTestId("plan-code");
      await expect.poll(() => codeField.getAttribute("aria-invalid")).toBe("true");
      expect(await page.getByTestId("create-plan-dialog").textContent()).toContain(
        'a plan with code "pro" already exists',
      );
      // The api answered 409 on purpose; the browser logs that refusal.
      errors.splice(0, errors.length, ...errors.filter((error) => !error.includes("status of 409")));

      await codeField.fill("team");
      await page.getByTestId("plan-submit").click();
      await page.getByTestId("empty").waitFor();
      expect(new URL(page.url()).pathname).toMatch(/^\/admin\/plans\/[0-9a-f-]{36}$/);
      await screenshot(page, "plan-empty-390");
      // Its comparison page has nothing to compare, and still its own page title.
      await page.goto(`${page.url()}/diff`);
      await page.getByTestId("empty").waitFor();
      expect(await headingAndTitle(page)).toEqual({
        h1: 1,
        title: "Compare versions of Pro again · Tollgate",
        titled: true,
      });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
    const plans = await operatorRest<{ plans: { code: string; name: string; versions: unknown[] }[] }>(
      "GET",
      "/v1/admin/plans",
    );
    expect(plans.plans.map((plan) => [plan.code, plan.name, plan.versions.length])).toEqual([
      ["pro", "Pro", 3],
      ["team", "Pro again", 0],
    ]);
  }, 120_000);
});
