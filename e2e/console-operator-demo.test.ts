import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDbClient, type Db } from "@tollgate/db";
import { formatMoney, money, planPricingSchema, toDecimalString, type Money, type PricingRule } from "@tollgate/domain";
import { DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import {
  DEMO_OPERATOR_EMAIL,
  DEMO_PASSWORD,
  demoAdminEmail,
  readDemoKeysFile,
  seedDemoData,
} from "@tollgate/use-cases/seed";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoHistory } from "../infra/local/demo-history/load-demo-history.ts";
import { launchBrowser } from "./support/browser.ts";
import {
  checkConsolePages,
  screenshot,
  seriousAxeViolations,
  signIn,
  VIEWPORTS,
  watchBrowserErrors,
} from "./support/console-pages.ts";
import {
  auditRows,
  draftPriceChange,
  grantCredit,
  latestPriceChange,
  PRICE_CHANGE_AUDIT_ACTIONS,
  publishAndMigrate,
  simulateLastMonth,
} from "./support/operator-price-change.ts";
import { sendUntilAcknowledged } from "./support/ingest-client.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

/**
 * Issue 20's proof on the demo's own data (what `npm start -- --demo` loads: the demo seed, then 90 days of agent
 * traffic recorded through the worker's path, last month finalized). The demo operator raises openai/gpt-4.1's
 * output price on Pro by 20 % and gives it a long-context rule with its own prices, simulates last month for the
 * tenants on Pro (Globex AI alone), and the console's before/after/difference must equal this test's own pricing of
 * Globex's raw usage_events with the two price sets. Pro has no tiers, allowances or commitment (list price + 10 %)
 * and its seeded long-context thresholds lie above every demo prompt (asserted), so an event's charge is its tokens
 * times the rates: the difference is gpt-4.1's short-prompt output tokens × 20 % of the price plus the long prompts'
 * repricing. Then publish and migrate, a credit, the audit log, and Globex's next events at the new prices.
 */
const HISTORY_EVENTS = 30_000;
/** The demo tenant on Pro. */
const TENANT_SLUG = "globex-ai";
const MODEL = "openai/gpt-4.1";
/**
 * Demo tasks start from a ~9k-token cached prefix and grow call by call (a few up to 190k): a threshold inside that
 * range splits gpt-4.1's calls into short and long prompts (both asserted to occur).
 */
const THRESHOLD = 32_000;
const TOKEN_COLUMNS = ["input", "cached_input", "cache_write", "output", "reasoning"] as const;
type TokenColumn = (typeof TOKEN_COLUMNS)[number];
type PriceSet = Partial<Record<TokenColumn, Money>>;

let stack: TestStack;
let db: Db;
let keysDir: string;
/** How long the demo data took to load (reported: the file's wall time is mostly this and the stack's start). */
const loadSeconds = { seed: 0, history: 0 };

/** The demo as `npm start -- --demo` makes it (a smaller history), on the stack's database before services start. */
async function seedDemo(databaseUrl: string): Promise<void> {
  const seeding = createDbClient(databaseUrl, { maxConnections: 2 });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const started = performance.now();
    await seedDemoData(seeding, { keysFile: join(keysDir, "demo-keys.json") });
    const seeded = performance.now();
    await loadDemoHistory({ db: seeding, pool, issuer: DEFAULT_INVOICE_ISSUER, events: HISTORY_EVENTS });
    loadSeconds.seed = (seeded - started) / 1000;
    loadSeconds.history = (performance.now() - seeded) / 1000;
  } finally {
    await pool.end();
    await seeding.$disconnect();
  }
}

/** Tokens of one model's events in the window, summed per token type, split at the threshold by prompt size. */
interface UsageGroup {
  model: string;
  long: boolean;
  events: number;
  maxPrompt: bigint;
  tokens: Record<TokenColumn, bigint>;
}

async function usageOfLastMonth(tenantId: string, window: { from: Date; to: Date }): Promise<UsageGroup[]> {
  const rows = await db.$queryRaw<
    { model: string; long: boolean; events: number; max_prompt: string; sums: Record<TokenColumn, string> }[]
  >`
    SELECT model_id AS model,
           (input_tokens + cached_input_tokens + cache_write_tokens) > ${THRESHOLD} AS long,
           count(*)::int AS events,
           max(input_tokens + cached_input_tokens + cache_write_tokens)::text AS max_prompt,
           json_build_object('input', sum(input_tokens)::text, 'cached_input', sum(cached_input_tokens)::text,
                             'cache_write', sum(cache_write_tokens)::text, 'output', sum(output_tokens)::text,
                             'reasoning', sum(reasoning_tokens)::text) AS sums
      FROM usage_events
     WHERE tenant_id = ${tenantId}::uuid AND occurred_at >= ${window.from} AND occurred_at < ${window.to}
     GROUP BY 1, 2`;
  return rows.map((row) => ({
    model: row.model,
    long: row.long,
    events: row.events,
    maxPrompt: BigInt(row.max_prompt),
    tokens: Object.fromEntries(TOKEN_COLUMNS.map((type) => [type, BigInt(row.sums[type])])) as UsageGroup["tokens"],
  }));
}

/** tokens × price per 1M, exactly; a token type used without a price would leave the event unrated: not expected. */
function priced(tokens: Record<TokenColumn, bigint>, prices: PriceSet): Money {
  let total = money("0");
  for (const type of TOKEN_COLUMNS) {
    if (tokens[type] === 0n) continue;
    const price = prices[type];
    if (price === undefined) throw new Error(`no ${type} price`);
    total = total.plus(money(tokens[type].toString()).times(price).dividedBy(1_000_000));
  }
  return total;
}

beforeAll(async () => {
  keysDir = mkdtempSync(join(tmpdir(), "tollgate-operator-demo-"));
  stack = await startTestStack({ withConsole: true, seed: seedDemo });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
}, 600_000);

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
  rmSync(keysDir, { recursive: true, force: true });
});

describe("the operator's price change on the demo's data, in Chromium", () => {
  it("copy Pro → +20 % gpt-4.1 output and a long-context rule → simulate last month → publish and migrate Globex → credit → audit log → new prices", async () => {
    console.log(
      `demo seed in ${loadSeconds.seed.toFixed(1)} s; history of about ${HISTORY_EVENTS.toString()} events ` +
        `(recorded, last months closed) in ${loadSeconds.history.toFixed(1)} s`,
    );
    const plan = await db.plan.findUniqueOrThrow({ where: { code: "pro" } });
    const published = await db.planVersion.findFirstOrThrow({
      where: { planId: plan.id, status: "published" },
      include: { rates: true },
    });
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: TENANT_SLUG } });
    // Globex is the only tenant on Pro: the simulation's "tenants on the draft's plan" is Globex alone.
    const onPro = await db.subscription.findMany({ where: { endsAt: null, planVersion: { planId: plan.id } } });
    expect(onPro.map((subscription) => subscription.tenantId)).toEqual([tenant.id]);

    // The published price set, as the seed stored it.
    const publishedRates = new Map<string, PriceSet>();
    for (const rate of published.rates) {
      if (rate.condition !== "") continue;
      const prices = publishedRates.get(rate.modelId) ?? {};
      prices[rate.tokenType] = money(rate.pricePerMillion.toString());
      publishedRates.set(rate.modelId, prices);
    }
    const base = publishedRates.get(MODEL);
    if (!base?.input || !base.output) throw new Error(`Pro has no ${MODEL} rates`);
    // The draft's price set: this test's own numbers, typed into the console.
    const raisedOutput = base.output.times("1.2");
    const longContext = { input: base.input.times(2), output: raisedOutput.times("1.5") };
    const draftBase: PriceSet = { ...base, output: raisedOutput };
    const draftLong: PriceSet = { ...base, ...longContext };

    // Last month's usage (the simulation's window), and what keeps the independent pricing this simple.
    const now = new Date();
    const window = {
      from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)),
      to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    };
    const usage = await usageOfLastMonth(tenant.id, window);
    const { rules: publishedRules, ...otherTerms } = planPricingSchema.parse(published.pricing);
    // Nothing but the rates and those rules prices Globex's events: no markup, tier, allowance, commitment, cap or
    // tenant override (unpriced models stay unrated on both sides).
    expect(otherTerms).toEqual({
      model_markups: [],
      unlisted_models: { kind: "unpriced" },
      allowances: [],
      tiers: [],
      minimum_commitment: null,
      spend_cap: null,
    });
    expect(await db.tenantPriceOverride.count({ where: { tenantId: tenant.id } })).toBe(0);
    // Pro's only rules are the seeded long-context ones, naming exact model ids, each with its own rates: none of
    // them reaches a demo prompt (its models' prompts stay at or under its threshold), and none names MODEL.
    expect(publishedRules.every((rule) => rule.kind === "long_context")).toBe(true);
    const longContextRules = publishedRules.filter((rule) => rule.kind === "long_context");
    expect(
      longContextRules
        .flatMap((rule) => rule.models ?? ["(every model)"])
        .filter((id) => id.includes("*") || id.startsWith("(")),
    ).toEqual([]);
    const reaching = usage.filter((group) =>
      longContextRules.some(
        (rule) => rule.models?.includes(group.model) && group.maxPrompt > BigInt(rule.prompt_tokens_above),
      ),
    );
    expect(reaching.map((group) => group.model)).toEqual([]);
    expect(longContextRules.some((rule) => rule.models?.includes(MODEL))).toBe(false);
    expect(usage.filter((group) => group.model === MODEL).map((group) => [group.long, group.events > 0])).toEqual(
      expect.arrayContaining([
        [true, true],
        [false, true],
      ]),
    );

    let before = money("0");
    let after = money("0");
    let unpriced = 0;
    for (const group of usage) {
      const prices = publishedRates.get(group.model);
      if (!prices) {
        // A model Pro does not price (the demo's unpriced fine-tune): unrated, on neither side.
        unpriced += group.events;
        continue;
      }
      before = before.plus(priced(group.tokens, prices));
      const draftPrices = group.model !== MODEL ? prices : group.long ? draftLong : draftBase;
      after = after.plus(priced(group.tokens, draftPrices));
    }
    console.log(
      `last month: ${usage.reduce((n, group) => n + group.events, 0).toString()} Globex events, ` +
        usage
          .filter((group) => group.model === MODEL)
          .map((group) => `${group.events.toString()} ${group.long ? "long" : "short"}`)
          .join(" and ") +
        ` ${MODEL} calls, ${unpriced.toString()} unpriced`,
    );
    // The same difference, said the short way: 20 % of the output price on short prompts, the long prompts' own rates.
    const short = usage.find((group) => group.model === MODEL && !group.long)!;
    const long = usage.find((group) => group.model === MODEL && group.long)!;
    const perMillion = (tokens: bigint, price: Money) => money(tokens.toString()).times(price).dividedBy(1_000_000);
    const shortWay = perMillion(short.tokens.output, base.output.times("0.2"))
      .plus(perMillion(long.tokens.input, longContext.input.minus(base.input)))
      .plus(perMillion(long.tokens.output, longContext.output.minus(base.output)));
    expect(toDecimalString(after.minus(before))).toBe(toDecimalString(shortWay));

    const demoKeys = readDemoKeysFile(join(keysDir, "demo-keys.json"));
    const apiKey = demoKeys?.tenants[TENANT_SLUG]?.apiKey;
    if (apiKey === undefined) throw new Error("the demo seed wrote no key for Globex");

    let draftId = "";
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/admin/plans/${plan.id}`);
      await signIn(page, DEMO_OPERATOR_EMAIL, DEMO_PASSWORD);

      await draftPriceChange(
        page,
        {
          model: MODEL,
          outputPercent: "20",
          longContext: {
            above: THRESHOLD,
            prices: { Input: toDecimalString(longContext.input), Output: toDecimalString(longContext.output) },
          },
        },
        { from: published.version, draft: published.version + 1 },
        toDecimalString(raisedOutput),
      );
      await screenshot(page, "operator-demo-draft-1440");
      const draft = await db.planVersion.findFirstOrThrow({
        where: { planId: plan.id, version: published.version + 1 },
        include: { rates: { where: { modelId: MODEL } } },
      });
      draftId = draft.id;
      const draftRates = Object.fromEntries(
        draft.rates.map((rate) => [`${rate.condition || "base"}:${rate.tokenType}`, rate.pricePerMillion.toString()]),
      );
      const expectedRates = Object.fromEntries([
        ...Object.entries(draftBase).map(([type, price]) => [`base:${type}`, toDecimalString(price)]),
        ["long_context:input", toDecimalString(longContext.input)],
        ["long_context:output", toDecimalString(longContext.output)],
      ]);
      const newRule: PricingRule = { kind: "long_context", prompt_tokens_above: THRESHOLD, models: [MODEL] };
      expect({ status: draft.status, rates: draftRates, rules: planPricingSchema.parse(draft.pricing).rules }).toEqual({
        status: "draft",
        rates: expectedRates,
        rules: [...publishedRules, newRule],
      });

      // Simulate the draft over last month for the tenants on Pro: before is what the ledger charged Globex.
      await page.goto(`${stack.apiUrl}/admin/plans/${plan.id}/versions/${draft.id}`);
      const shown = await simulateLastMonth(page);
      expect(shown).toEqual({
        before: formatMoney(before, "USD"),
        after: formatMoney(after, "USD"),
        difference: formatMoney(after.minus(before), "USD"),
      });
      expect(await page.getByTestId("simulation-publish").textContent()).toBe("Publish and migrate this tenant");
      // To the last decimal, not just the cents shown: the result the worker stored for Globex.
      const simulationId = /\/admin\/simulations\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";
      const result = await db.planSimulationResult.findUniqueOrThrow({
        where: { simulationId_tenantId: { simulationId, tenantId: tenant.id } },
      });
      expect(
        [result.beforeAmount, result.afterAmount, result.difference].map((amount) =>
          toDecimalString(money(amount.toString())),
        ),
      ).toEqual([before, after, after.minus(before)].map((amount) => toDecimalString(amount)));
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, "operator-demo-simulation-1440");

      // Publish, and migrate the one simulated tenant (Globex), in one confirmed step.
      await publishAndMigrate(page);
      const current = await db.subscription.findMany({ where: { endsAt: null, planVersionId: draft.id } });
      expect(current.map((subscription) => subscription.tenantId)).toEqual([tenant.id]);

      // A credit for Globex: the reason is required, then kept by the audit log.
      await page.goto(`${stack.apiUrl}/admin/tenants/${tenant.id}`);
      await grantCredit(page, "30", "Goodwill for the gpt-4.1 price change");

      await page.goto(`${stack.apiUrl}/admin/audit-log`);
      const steps = latestPriceChange(await auditRows(page));
      expect(steps.map((step) => step.action)).toEqual(PRICE_CHANGE_AUDIT_ACTIONS);
      for (const step of steps) expect(step.actor).toContain(DEMO_OPERATOR_EMAIL);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, "operator-demo-audit-log-1440");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }

    // Globex's next events, sent with its demo key: a short prompt at the raised output price, a long one at the
    // rule's prices, both under the new version. Sent as a careful client does (a 503 under load is retried: the
    // ids make a resend safe); each retry is reported.
    const sent = [
      { id: "demo-proof-short", model: MODEL, input_tokens: 8_000, cached_input_tokens: 20_000, output_tokens: 4_000 },
      { id: "demo-proof-long", model: MODEL, input_tokens: 60_000, cached_input_tokens: 90_000, output_tokens: 6_000 },
    ];
    const answer = await sendUntilAcknowledged(stack.ingestUrl, apiKey, sent, {
      timeoutMs: 30_000,
      onRetry: (status) => {
        console.log(`ingest answered ${status.toString()}; retrying`);
      },
    });
    expect(answer).toEqual({ accepted: sent.length, duplicates: 0, rejected: [] });
    const expected = Object.fromEntries(
      sent.map((event) => {
        const tokens = {
          input: BigInt(event.input_tokens),
          cached_input: BigInt(event.cached_input_tokens),
          cache_write: 0n,
          output: BigInt(event.output_tokens),
          reasoning: 0n,
        };
        const long = event.input_tokens + event.cached_input_tokens > THRESHOLD;
        expect({ id: event.id, long }).toEqual({ id: event.id, long: event.id.endsWith("long") });
        return [event.id, priced(tokens, long ? draftLong : draftBase)];
      }),
    );
    const rated = async () => {
      const events = await db.usageEvent.findMany({
        where: { tenantId: tenant.id, eventId: { in: sent.map((event) => event.id) } },
      });
      return Object.fromEntries(
        events.map((event) => [
          event.eventId,
          `${event.amount?.toString() ?? "unrated"} @ ${event.planVersionId ?? ""}`,
        ]),
      );
    };
    await expect
      .poll(rated, { timeout: 20_000 })
      .toEqual(
        Object.fromEntries(
          Object.entries(expected).map(([id, amount]) => [id, `${toDecimalString(amount)} @ ${draftId}`]),
        ),
      );
    // The ledger's lines under the new version are exactly these two events.
    const ledger = await db.ledgerEntry.aggregate({
      where: { tenantId: tenant.id, planVersionId: draftId, kind: "usage_charge" },
      _sum: { amount: true },
    });
    expect(toDecimalString(money(ledger._sum.amount?.toString() ?? "0"))).toBe(
      toDecimalString(Object.values(expected).reduce((sum, amount) => sum.plus(amount), money("0"))),
    );
  }, 300_000);

  it("keeps every page of the flow clean at phone width", async () => {
    const plan = await db.plan.findUniqueOrThrow({ where: { code: "pro" }, include: { versions: true } });
    const draft = plan.versions.find((version) => version.status === "published" && version.version === 2);
    if (!draft) throw new Error("the first test did not publish Pro v2");
    const simulation = await db.planSimulation.findFirstOrThrow({ where: { planVersionId: draft.id } });
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: TENANT_SLUG } });
    await checkConsolePages(
      stack.apiUrl,
      [
        { name: "operator-demo-plan", path: `/admin/plans/${plan.id}`, ready: "plan-versions" },
        { name: "operator-demo-version", path: `/admin/plans/${plan.id}/versions/${draft.id}`, ready: "plan-rates" },
        { name: "operator-demo-simulation", path: `/admin/simulations/${simulation.id}`, ready: "total-difference" },
        { name: "operator-demo-tenant", path: `/admin/tenants/${tenant.id}`, ready: "grant-table" },
        { name: "operator-demo-audit-log", path: "/admin/audit-log", ready: "audit-table" },
      ],
      VIEWPORTS[1],
      { email: DEMO_OPERATOR_EMAIL, password: DEMO_PASSWORD },
    );
  }, 180_000);

  // Each page waits for its table, which a page with nothing to show replaces with its empty state.
  it("shows something true on the demo's other pages: billing runs, simulations, margins, Acme's credits and webhooks", async () => {
    await checkConsolePages(
      stack.apiUrl,
      [
        { name: "demo-billing-runs", path: "/admin/billing-runs", ready: "billing-runs-table" },
        { name: "demo-simulations", path: "/admin/simulations", ready: "simulations-table" },
        { name: "demo-analytics-margin", path: "/admin/analytics?margin_by=provider", ready: "analytics-margin" },
      ],
      VIEWPORTS[1],
      { email: DEMO_OPERATOR_EMAIL, password: DEMO_PASSWORD },
    );
    // The worker's relay delivers the history's events to Acme's endpoint once the stack runs.
    await checkConsolePages(
      stack.apiUrl,
      [
        { name: "demo-acme-credits", path: "/credits", ready: "grant-table" },
        { name: "demo-acme-webhooks", path: "/webhooks", ready: "delivery-table" },
      ],
      VIEWPORTS[1],
      { email: demoAdminEmail("acme-agents"), password: DEMO_PASSWORD },
    );
  }, 180_000);
});
