import { createDbClient, type Db } from "@tollgate/db";
import { createRedis, createTypedQueue, type Redis, type TypedQueue, type UsageJobPayload } from "@tollgate/queues";
import { startRedisServer } from "@tollgate/queues/testing";
import { createUser } from "@tollgate/use-cases/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser.ts";
import {
  checkConsolePages,
  screenshot,
  seriousAxeViolations,
  sidewaysOverflow,
  signIn,
  VIEWPORTS,
  watchBrowserErrors,
} from "./support/console-pages.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan, type TenantWithKey } from "./support/priced-tenant.ts";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

const MODEL = "anthropic/claude-e2e-pipeline";
const OPERATOR = { email: "operator@console-pipeline.example", password: "correct horse battery staple" };
const FAILING_JOB = "e2e-pipeline-failing-job";
// A billing close the worker refuses before running it (its payload is not the catalog's): it fails once, at once.
const FAILING_CLOSE = "e2e-pipeline-failing-close";
const FAILING_EVENT = "blocked-by-check-1";
// While this constraint exists Postgres refuses the event, so the real worker fails the job that carries it.
const BLOCK = "e2e_pipeline_block";

let stack: TestStack;
let db: Db;
let tenant: TenantWithKey;
let redis: Redis;
let usageQueue: TypedQueue<"usage">;
let billingCloseQueue: TypedQueue<"billingClose">;

const jobState = async () => (await usageQueue.queue.getJob(FAILING_JOB))?.getState();
const closeState = async () => (await billingCloseQueue.queue.getJob(FAILING_CLOSE))?.getState();

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; !(await check()); tries++) {
    if (tries > 300) throw new Error(`${what} did not happen within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  stack = await startTestStack({ withConsole: true });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
  redis = createRedis(stack.redisUrl, "producer");
  usageQueue = createTypedQueue("usage", redis, stack.queuePrefix);
  billingCloseQueue = createTypedQueue("billingClose", redis, stack.queuePrefix);
  tenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Pipeline Ltd");
  await subscribeToPricedPlan(db, tenant.tenantId, MODEL, { input: "3", output: "15" });
  await createUser(db, { ...OPERATOR, name: "Otto Operator", role: "operator", tenantId: null });
  // Some recorded traffic, so the lag card has recent events.
  const sent = await fetch(`${stack.ingestUrl}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tenant.apiKey}` },
    body: JSON.stringify({
      events: ["ok-1", "ok-2", "ok-3"].map((id) => ({ id, model: MODEL, input_tokens: 1000, output_tokens: 100 })),
    }),
  });
  expect(sent.status).toBe(202);
  await waitFor("recording 3 events", async () => (await db.usageEvent.count()) === 3);

  // A usage job the worker cannot record: the same payload ingest writes, with one attempt so it fails at once.
  await db.$executeRawUnsafe(
    `ALTER TABLE usage_events ADD CONSTRAINT ${BLOCK} CHECK (event_id NOT LIKE 'blocked-by-check-%')`,
  );
  const payload: UsageJobPayload = {
    receivedAt: new Date().toISOString(),
    batches: [
      {
        tenantId: tenant.tenantId,
        apiKeyId: null,
        events: [
          {
            id: FAILING_EVENT,
            timestamp: new Date().toISOString(),
            model: MODEL,
            tokens: { input: 2000, cached_input: 0, cache_write: 0, output: 200, reasoning: 0 },
            status: "ok",
          },
        ],
      },
    ],
  };
  await usageQueue.add(FAILING_JOB, payload, { attempts: 1 });
  await waitFor("the blocked job failing", async () => (await jobState()) === "failed");
  await billingCloseQueue.queue.add(
    "billing-closes",
    { kind: "tenant", tenantId: "not-a-tenant" },
    { jobId: FAILING_CLOSE },
  );
  await waitFor("the invalid close failing", async () => (await closeState()) === "failed");
});

afterAll(async () => {
  await db.$executeRawUnsafe(`ALTER TABLE usage_events DROP CONSTRAINT IF EXISTS ${BLOCK}`);
  await usageQueue.close();
  await billingCloseQueue.close();
  redis.disconnect();
  await db.$disconnect();
  const exitCodes = await stack.stop();
  expect(exitCodes).toEqual({ ingest: 0, worker: 0, api: 0 });
});

describe("console: pipeline health", () => {
  it.each(VIEWPORTS)("shows queues, lag, reachability and the failed job at $width px", async (viewport) => {
    await checkConsolePages(
      stack.apiUrl,
      [
        { name: "pipeline", path: "/admin/pipeline", ready: "failed-job-id" },
        { name: "pipeline-billing-closes", path: "/admin/pipeline?queue=billingClose", ready: "failed-job-id" },
      ],
      viewport,
      OPERATOR,
    );
  });

  it("replays the failed job from the page once the cause is gone; the worker then records and bills it", async () => {
    await db.$executeRawUnsafe(`ALTER TABLE usage_events DROP CONSTRAINT ${BLOCK}`);
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/admin/pipeline`);
      await signIn(page, OPERATOR.email, OPERATOR.password);
      await page.goto(`${stack.apiUrl}/admin/pipeline`);
      // The page shows the failed job with its error, the usage queue's failed count and both stores reachable.
      await expect.poll(() => page.getByTestId("failed-job-id").first().textContent()).toBe(FAILING_JOB);
      await expect.poll(() => page.getByText(BLOCK).first().isVisible()).toBe(true);
      expect(await page.getByTestId("reachability-redis").textContent()).toMatch(/^Redis: reachable, \d+ ms$/);
      expect(await page.getByTestId("reachability-postgres").textContent()).toMatch(/^Postgres: reachable/);
      expect(await page.getByTestId("queue-card-usage").textContent()).toMatch(/1 failed/);
      await expect.poll(() => page.getByTestId("pipeline-updated").isVisible()).toBe(true);

      await page.getByTestId("replay-job").first().click();
      await page.getByTestId("replay-job-dialog").waitFor();
      await screenshot(page, "pipeline-replay-confirm");
      await page.getByTestId("replay-job-confirm").click();
      await page
        .getByTestId("empty")
        .filter({ hasText: "No failed jobs in Usage events." })
        .waitFor({ timeout: 15_000 });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
    // Recorded and rated: the event is stored with its amount, and its ledger line exists.
    await expect.poll(() => jobState(), { timeout: 15_000 }).toBe("completed");
    const event = await db.usageEvent.findUnique({
      where: { tenantId_eventId: { tenantId: tenant.tenantId, eventId: FAILING_EVENT } },
    });
    expect(event?.ratingStatus).toBe("rated");
    // 2,000 input tokens at 3 and 200 output at 15 per million: 0.006 + 0.003.
    expect(event?.amount?.toString()).toBe("0.009");
    const ledgerTotal = await db.ledgerEntry.aggregate({
      where: { tenantId: tenant.tenantId, kind: "usage_charge" },
      _sum: { amount: true },
    });
    expect(ledgerTotal._sum.amount?.toString()).toBe(
      (
        await db.usageEvent.aggregate({ where: { tenantId: tenant.tenantId }, _sum: { amount: true } })
      )._sum.amount?.toString(),
    );
    const health = await fetch(`${stack.apiUrl}/v1/admin/pipeline-health`, {
      headers: { authorization: `Bearer ${stack.operatorKey}` },
    });
    const body = (await health.json()) as { queues: { value: { key: string; counts: { failed: number } }[] } };
    expect(body.queues.value.find((queue) => queue.key === "usage")?.counts.failed).toBe(0);
  });
});

describe("console: failed jobs of the other queues", () => {
  it("picks the billing-closes queue in the selector (in the URL), lists its failed job and discards it", async () => {
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      const errors = watchBrowserErrors(page);
      await page.goto(`${stack.apiUrl}/admin/pipeline`);
      await signIn(page, OPERATOR.email, OPERATOR.password);
      await page.goto(`${stack.apiUrl}/admin/pipeline`);
      // The queue card's failed badge links to the queue's failed jobs.
      await page.getByTestId("queue-failed-link-billingClose").waitFor();
      await page.getByTestId("failed-jobs-queue").click();
      await page.getByRole("option", { name: /^Billing closes \(1 failed\)/ }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get("queue")).toBe("billingClose");
      await expect.poll(() => page.getByTestId("failed-job-id").first().textContent()).toBe(FAILING_CLOSE);
      expect(await page.getByTestId("failed-jobs").textContent()).toMatch(/invalid billing-closes payload/);

      await page.getByTestId("discard-job").first().click();
      await page.getByTestId("discard-job-dialog").waitFor();
      expect(await page.getByTestId("discard-job-dialog").textContent()).toMatch(/due periods stay open/);
      await screenshot(page, "pipeline-billing-close-discard-confirm-390");
      await page.getByTestId("discard-job-confirm").click();
      await page
        .getByTestId("empty")
        .filter({ hasText: "No failed jobs in Billing closes." })
        .waitFor({ timeout: 15_000 });
      expect(await sidewaysOverflow(page)).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
    // Gone for good: the job is removed, not moved anywhere.
    expect(await closeState()).toBeUndefined();
    expect(await billingCloseQueue.queue.getFailedCount()).toBe(0);
  });
});

describe("console: pipeline health while Redis is down", () => {
  it("still renders, marks Redis unreachable and keeps Postgres' sections; the api answers 200 within 2 s", async () => {
    // A private redis-server this test kills; the shared one stays up for everyone else.
    const redisServer = await startRedisServer();
    const own = await startTestStack({ withConsole: true, redisUrl: redisServer.url });
    const ownDb = createDbClient(own.databaseUrl, { maxConnections: 1 });
    const { browser, close } = await launchBrowser();
    try {
      await createUser(ownDb, { ...OPERATOR, name: "Otto Operator", role: "operator", tenantId: null });
      const page = await browser.newPage();
      await page.goto(`${own.apiUrl}/admin/pipeline`);
      // Signing in counts attempts in Redis: before it goes.
      await signIn(page, OPERATOR.email, OPERATOR.password);
      await page.goto(`${own.apiUrl}/admin/pipeline`);
      await expect.poll(() => page.getByTestId("reachability-redis").textContent()).toMatch(/reachable, \d+ ms/);

      await redisServer.kill9();
      const started = performance.now();
      const response = await fetch(`${own.apiUrl}/v1/admin/pipeline-health`, {
        headers: { authorization: `Bearer ${own.operatorKey}` },
      });
      const elapsedMs = performance.now() - started;
      expect(response.status).toBe(200);
      expect(elapsedMs).toBeLessThan(2000);
      const body = (await response.json()) as { redis: { reachable: boolean }; postgres: { reachable: boolean } };
      expect(body).toMatchObject({ redis: { reachable: false }, postgres: { reachable: true } });

      // The next refresh (every 5 s) shows it; the Postgres sections stay.
      await expect
        .poll(() => page.getByTestId("reachability-redis").textContent(), { timeout: 15_000 })
        .toBe("Redis: unreachable");
      await page.getByTestId("reconciliation-runs").or(page.getByTestId("empty")).first().waitFor();
      expect(await page.getByTestId("unrated-card").textContent()).toMatch(/^Unrated events0/);
      expect(await page.getByTestId("rating-sweep-card").textContent()).toMatch(/Redis is unreachable/);
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        await screenshot(page, `pipeline-redis-down-${viewport.width.toString()}`);
        expect(await seriousAxeViolations(page)).toEqual([]);
        expect(await sidewaysOverflow(page)).toBe(0);
      }
    } finally {
      await close();
      await redisServer.restart();
      await ownDb.$disconnect();
      await own.stop();
      await redisServer.stop();
    }
  });
});
