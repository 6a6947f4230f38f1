import { randomUUID } from "node:crypto";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, rebuildDailyRollups, type TestDatabase } from "@tollgate/db/testing";
import { CREDIT_FORECAST_SCHEDULER_ID, createRedis, createTypedQueue } from "@tollgate/queues";
import { scanCreditDepletionForecasts } from "@tollgate/use-cases/credits";
import { forecastSpend } from "@tollgate/use-cases/usage";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCreditForecastWorker, type CreditForecastWorker } from "../src/jobs/credit-forecast-worker.ts";
import { createWorkerMetrics } from "../src/worker-metrics.ts";

/**
 * The low-credit forecast alert over real Redis and Postgres: the scheduled scan (its first run starts as the
 * schedule is registered) alerts the tenant whose credit runs out inside its window, once, as a webhook event too;
 * not the one whose window is shorter than the projection, nor the one without the setting.
 */
const REDIS_URL = "redis://127.0.0.1:6379";
const DAY_MS = 86_400_000;

let database: TestDatabase;
let db: Db;
const prefix = `{tg-credit-forecast-test-${randomUUID().slice(0, 8)}}`;
const producer = createRedis(REDIS_URL, "producer");
const connection = createRedis(REDIS_URL, "worker");
let worker: CreditForecastWorker | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 6 });
});

afterAll(async () => {
  await worker?.close();
  const queue = createTypedQueue("creditForecast", producer, prefix);
  await queue.queue.removeJobScheduler(CREDIT_FORECAST_SCHEDULER_ID);
  await queue.close();
  const keys = await producer.keys(`${prefix}*`);
  if (keys.length > 0) await producer.del(...keys);
  producer.disconnect();
  connection.disconnect();
  await db.$disconnect();
  await database.drop();
});

/**
 * A tenant created a month ago that spent 10 USD on each of the last 7 full UTC days and has `credit` USD left:
 * at 10/day its credit runs out in credit/10 days.
 */
async function tenantSpending(credit: string, alertDays: number | null): Promise<string> {
  const slug = `cf-${randomUUID().slice(0, 8)}`;
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const tenant = await db.tenant.create({
    data: { name: slug, slug, createdAt: new Date(today - 30 * DAY_MS), lowCreditAlertDays: alertDays },
  });
  await db.usageRollupHourly.createMany({
    data: Array.from({ length: 7 }, (_, index) => ({
      tenantId: tenant.id,
      hour: new Date(today - (index + 1) * DAY_MS + 10 * 3_600_000),
      modelId: "m",
      customer: "",
      eventCount: 1n,
      inputTokens: 1000n,
      amount: "10",
    })),
  });
  await rebuildDailyRollups(db);
  await topUp(tenant.id, credit);
  return tenant.id;
}

async function topUp(tenantId: string, amount: string): Promise<void> {
  await db.creditGrant.create({
    data: { tenantId, kind: "paid", amount, remaining: amount, currency: "USD", reason: "test" },
  });
}

async function alertsOf(tenantId: string) {
  return db.alert.findMany({ where: { tenantId, kind: "credit.depletion_forecast" }, orderBy: { id: "asc" } });
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("credit depletion forecast alerts", () => {
  it("alerts once inside the window, as a webhook event, and not outside it or without the setting", async () => {
    const inside = await tenantSpending("50", 7); // runs out in 5 days, alert at 7
    const outside = await tenantSpending("50", 3); // in 5 days, alert at 3
    const unset = await tenantSpending("5", null); // in half a day, but no alert asked for
    const forecast = await forecastSpend(db, inside);
    // The overview's forecast says the same: about 5 days left.
    expect(forecast.dailyAverage).toBe("10");
    expect((forecast.creditDepletesAt?.getTime() ?? 0) - forecast.asOf.getTime()).toBe(5 * DAY_MS);

    worker = startCreditForecastWorker({
      db,
      connection,
      prefix,
      intervalMs: 3_600_000,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      metrics: createWorkerMetrics(new Registry()),
      scanPageSize: 1,
    });
    await worker.scheduled;
    await waitFor(async () => (await alertsOf(inside)).length > 0, "the scheduled scan's alert");
    const queue = worker.queue.queue;
    await waitFor(async () => (await queue.getCompletedCount()) === 1, "the scheduled scan to finish");

    const [alert] = await alertsOf(inside);
    expect(alert?.payload).toMatchObject({ currency: "USD", balance: "50", daily_average: "10", alert_days: 7 });
    expect(await alertsOf(outside)).toEqual([]);
    expect(await alertsOf(unset)).toEqual([]);
    const events = await db.webhookEvent.findMany({ where: { type: "credit.depletion_forecast" } });
    expect(events.map((event) => [event.tenantId, event.dedupeKey])).toEqual([[inside, alert?.dedupeKey]]);

    // The next scan finds the same projection and writes nothing.
    await worker.queue.add(`scan-again-${randomUUID()}`, { reason: "manual" });
    await waitFor(async () => (await queue.getCompletedCount()) === 2, "the second scan");
    expect(await alertsOf(inside)).toHaveLength(1);
    expect(await db.webhookEvent.count({ where: { type: "credit.depletion_forecast" } })).toBe(1);
  });

  it("alerts again after a top-up that runs low again, and when the tenant widens its window", async () => {
    const tenantId = await tenantSpending("20", 7);
    const now = new Date();
    expect((await scanCreditDepletionForecasts(db, now)).alertsWritten).toBe(1);
    expect((await scanCreditDepletionForecasts(db, now)).alertsWritten).toBe(0);
    // 20 + 20 left: 4 days, still inside 7.
    await topUp(tenantId, "20");
    expect((await scanCreditDepletionForecasts(db, new Date())).alertsWritten).toBe(1);
    // 40 left is outside 3 days: nothing; at 5 days it is inside a window not alerted yet.
    await db.tenant.update({ where: { id: tenantId }, data: { lowCreditAlertDays: 3 } });
    expect((await scanCreditDepletionForecasts(db, new Date())).alertsWritten).toBe(0);
    await db.tenant.update({ where: { id: tenantId }, data: { lowCreditAlertDays: 5 } });
    expect((await scanCreditDepletionForecasts(db, new Date())).alertsWritten).toBe(1);
    expect(await alertsOf(tenantId)).toHaveLength(3);
    expect(await db.webhookEvent.count({ where: { tenantId, type: "credit.depletion_forecast" } })).toBe(3);
  });
});
