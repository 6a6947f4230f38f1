import { createRedis, createTypedQueue, createTypedWorker, queueCatalog, type UsageJobPayload } from "@tollgate/queues";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestServer, call, OPERATOR_KEY, startApiTestApp, type ApiTestApp } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

interface QueueJson {
  key: string;
  name: string;
  counts: { waiting: number; active: number; delayed: number; failed: number; completed: number };
  throughput: { last_minute: number; last_5_minutes: number; lower_bound: boolean };
  oldest_waiting_at: string | null;
}
interface Health {
  checked_at: string;
  redis: { reachable: boolean; round_trip_ms?: number; error?: string };
  postgres: { reachable: boolean; round_trip_ms?: number; error?: string };
  queues: { value: QueueJson[] | null; error: string | null };
  lag: {
    value: {
      events: number;
      p50_ms: number | null;
      p99_ms: number | null;
      oldest_waiting_usage_job_age_ms: number | null;
    };
    error: string | null;
  };
  unrated: { value: { count: number; capped: boolean } | null; error: string | null };
  rating_sweep: {
    value: { last_run: { outcome: string; reason: string } | null; running: number; waiting: number } | null;
    error: string | null;
  };
  reconciliation_runs: {
    value: { id: string; status: string; findings_count: number; tenants_checked: number }[] | null;
    error: string | null;
  };
}

const PATH = "/v1/admin/pipeline-health";
let testApp: ApiTestApp;
let keys: TenantKeys;
let workerConnection: ReturnType<typeof createRedis>;
const workers: Worker[] = [];

const usagePayload = (eventId: string): UsageJobPayload => ({
  receivedAt: new Date().toISOString(),
  batches: [
    {
      tenantId: keys.tenantA,
      apiKeyId: null,
      events: [
        {
          id: eventId,
          timestamp: new Date().toISOString(),
          model: "openai/gpt-5",
          tokens: { input: 1, cached_input: 0, cache_write: 0, output: 2, reasoning: 0 },
          status: "ok" as const,
        },
      ],
    },
  ],
});

beforeAll(async () => {
  testApp = await startApiTestApp();
  keys = await createTenantKeys(testApp.db);
  workerConnection = createRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", "worker");
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  workerConnection.disconnect();
  await testApp.close();
});

describe("pipeline health (operator)", () => {
  it("counts every catalog queue's jobs as enqueued, and their completions per minute", async () => {
    const started = Date.now();
    // Three usage jobs wait (no usage worker runs here), two rating sweeps are delayed.
    for (const id of ["u-1", "u-2", "u-3"]) await testApp.usageQueue.add(id, usagePayload(id));
    await testApp.ratingSweepQueue.add("sweep-later-1", { reason: "schedule" }, { delay: 60_000 });
    await testApp.ratingSweepQueue.add("sweep-later-2", { reason: "price_change" }, { delay: 60_000 });
    // Four credit-forecast scans complete and one billing close fails (one attempt), through real workers.
    const forecasts = createTypedQueue("creditForecast", testApp.redis, testApp.prefix);
    const closes = createTypedQueue("billingClose", testApp.redis, testApp.prefix);
    workers.push(
      createTypedWorker("creditForecast", workerConnection, testApp.prefix, () => Promise.resolve()),
      createTypedWorker("billingClose", workerConnection, testApp.prefix, () =>
        Promise.reject(new Error("Postgres is away")),
      ),
    );
    for (const id of ["f-1", "f-2", "f-3", "f-4"]) await forecasts.add(id, { reason: "manual" });
    await closes.add("close-1", { kind: "scan" }, { attempts: 1 });
    await expect.poll(() => forecasts.queue.getCompletedCount(), { timeout: 15_000 }).toBe(4);
    await expect.poll(() => closes.queue.getFailedCount(), { timeout: 15_000 }).toBe(1);
    await forecasts.close();
    await closes.close();

    const response = await call<Health>(testApp.app, "GET", PATH, OPERATOR_KEY);
    expect(response.status).toBe(200);
    const health = response.body;
    expect(health.redis.reachable).toBe(true);
    expect(health.postgres.reachable).toBe(true);
    const byKey = new Map((health.queues.value ?? []).map((queue) => [queue.key, queue]));
    // Every queue of the one catalog, in its order.
    expect([...byKey.keys()]).toEqual(Object.keys(queueCatalog));
    const zero = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 };
    expect(byKey.get("usage")?.counts).toEqual({ ...zero, waiting: 3 });
    expect(byKey.get("ratingSweep")?.counts).toEqual({ ...zero, delayed: 2 });
    expect(byKey.get("creditForecast")?.counts).toEqual({ ...zero, completed: 4 });
    expect(byKey.get("creditForecast")?.throughput).toEqual({ last_minute: 4, last_5_minutes: 4, lower_bound: false });
    expect(byKey.get("billingClose")?.counts).toEqual({ ...zero, failed: 1 });
    expect(byKey.get("webhookDelivery")?.counts).toEqual(zero);
    // The oldest waiting usage job was added after the test started, and waits since.
    const oldest = Date.parse(byKey.get("usage")?.oldest_waiting_at ?? "");
    expect(oldest).toBeGreaterThanOrEqual(started - 5);
    const age = health.lag.value.oldest_waiting_usage_job_age_ms ?? -1;
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThanOrEqual(Date.now() - started);
    expect(byKey.get("ratingSweep")?.oldest_waiting_at).toBeNull();
    // Delayed sweeps are not waiting to run yet.
    expect(health.rating_sweep.value).toMatchObject({ last_run: null, running: 0, waiting: 0 });
  });

  it("reads the ingest→ledger lag of the last five minutes' events, unrated events and reconciliation runs", async () => {
    // 100 events recorded now with lags of 10, 20, …, 1,000 ms; two recorded ten minutes ago (outside the window).
    await testApp.db.$executeRaw`
      INSERT INTO usage_events (tenant_id, event_id, occurred_at, received_at, inserted_at, model_id, rating_status)
      SELECT ${keys.tenantA}::uuid, 'lag-' || i, now(), now() - i * interval '10 milliseconds', now(),
             'openai/gpt-5', 'unrated'
        FROM generate_series(1, 100) i`;
    await testApp.db.$executeRaw`
      INSERT INTO usage_events (tenant_id, event_id, occurred_at, received_at, inserted_at, model_id, rating_status)
      SELECT ${keys.tenantB}::uuid, 'old-' || i, now(), now() - interval '1 hour', now() - interval '10 minutes',
             'openai/gpt-5', 'unrated'
        FROM generate_series(1, 2) i`;
    const run = await testApp.db.reconciliationRun.create({
      data: { status: "drift", periodsFrom: new Date("2026-10-01T00:00:00Z"), tenantsChecked: 7, findingsCount: 3 },
    });

    const { body } = await call<Health>(testApp.app, "GET", PATH, OPERATOR_KEY);
    // percentile_cont over 10…1,000: the median between 500 and 510, the 99th at 990.1.
    expect(body.lag.value).toMatchObject({ events: 100, p50_ms: 505, p99_ms: 990 });
    expect(body.unrated.value).toEqual({ count: 102, capped: false });
    expect(body.reconciliation_runs.value).toEqual([
      expect.objectContaining({ id: run.id, status: "drift", findings_count: 3, tenants_checked: 7 }),
    ]);
  });

  it("answers 200 with Redis unreachable, within two seconds, and still reads Postgres", async () => {
    // Nothing listens on port 1: the producer connection fails fast, as when Redis is down.
    const deadRedis = createRedis("redis://127.0.0.1:1", "producer");
    deadRedis.on("error", () => undefined);
    const deadUsage = createTypedQueue("usage", deadRedis, testApp.prefix);
    const deadSweeps = createTypedQueue("ratingSweep", deadRedis, testApp.prefix);
    deadUsage.queue.on("error", () => undefined);
    deadSweeps.queue.on("error", () => undefined);
    const app = await buildTestServer(testApp.db, deadUsage, deadSweeps, { loginLimiter: testApp.loginLimiter });
    try {
      const started = performance.now();
      const response = await call<Health>(app, "GET", PATH, OPERATOR_KEY);
      const elapsed = performance.now() - started;
      expect(response.status).toBe(200);
      expect(elapsed).toBeLessThan(2000);
      expect(response.body.redis).toEqual({ reachable: false, error: expect.any(String) });
      expect(response.body.queues).toEqual({ value: null, error: expect.stringMatching(/^Redis is unreachable \(/) });
      expect(response.body.rating_sweep.value).toBeNull();
      expect(response.body.postgres.reachable).toBe(true);
      expect(response.body.unrated.value).not.toBeNull();
    } finally {
      await app.close();
      await deadUsage.close().catch(() => undefined);
      await deadSweeps.close().catch(() => undefined);
      deadRedis.disconnect();
    }
  });

  it("refuses tenant keys", async () => {
    const response = await call(testApp.app, "GET", PATH, keys.keyA);
    expect(response.status).toBe(403);
  });
});
