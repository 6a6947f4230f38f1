import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  createRedis,
  createTypedQueue,
  createTypedWorker,
  queueCatalog,
  queueHealth,
  RATING_SWEEP_SCHEDULER_ID,
  ratingSweepHealth,
  scheduleRatingSweeps,
} from "../src/index.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `{tollgate-health-test-${randomUUID().slice(0, 8)}}`;
const producer = createRedis(redisUrl, "producer");
const workerConnection = createRedis(redisUrl, "worker");

afterAll(async () => {
  const keys = await producer.keys(`${prefix}*`);
  if (keys.length > 0) await producer.del(...keys);
  producer.disconnect();
  workerConnection.disconnect();
});

describe("queueHealth", () => {
  it("counts completions per window exactly, and says 'at least' once BullMQ trimmed some inside it", async () => {
    const queue = createTypedQueue("creditForecast", producer, prefix);
    const kept = queueCatalog.creditForecast.defaultJobOptions.removeOnComplete.count;
    const worker = createTypedWorker("creditForecast", workerConnection, prefix, () => Promise.resolve());
    try {
      for (let index = 0; index < 40; index += 1) await queue.add(`scan-${index.toString()}`, { reason: "manual" });
      await expect.poll(() => queue.queue.getCompletedCount(), { timeout: 15_000 }).toBe(40);
      const exact = await queueHealth("creditForecast", queue.queue, producer);
      expect(exact.throughput).toEqual({ lastMinute: 40, last5Minutes: 40, lowerBound: false });
      // An hour later nothing finished in either window.
      const later = await queueHealth("creditForecast", queue.queue, producer, new Date(Date.now() + 3_600_000));
      expect(later.throughput).toEqual({ lastMinute: 0, last5Minutes: 0, lowerBound: false });

      // More than the queue keeps: the oldest completions are trimmed, so the count is a lower bound.
      const more = kept - 40 + 10;
      for (let index = 0; index < more; index += 1) await queue.add(`more-${index.toString()}`, { reason: "manual" });
      // Completions are trimmed as they happen, so "done" is: nothing left waiting or running.
      await expect
        .poll(async () => (await queueHealth("creditForecast", queue.queue, producer)).counts, { timeout: 30_000 })
        .toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: kept });
      const trimmed = await queueHealth("creditForecast", queue.queue, producer);
      expect(trimmed.throughput).toEqual({ lastMinute: kept, last5Minutes: kept, lowerBound: true });
      expect(trimmed.counts).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: kept });
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it("reports the oldest waiting job's enqueue time, and the rating sweep's last run and next scheduled one", async () => {
    const sweeps = createTypedQueue("ratingSweep", producer, prefix);
    try {
      const before = Date.now();
      // One attempt each, so they fail at once below (the catalog's backoff would take 15 s).
      await sweeps.add("sweep-a", { reason: "price_change" }, { attempts: 1 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await sweeps.add("sweep-b", { reason: "price_change" }, { attempts: 1 });
      const health = await queueHealth("ratingSweep", sweeps.queue, producer);
      expect(health.counts.waiting).toBe(2);
      const oldest = (await sweeps.queue.getJob("sweep-a"))?.timestamp;
      expect(health.oldestWaitingAt?.getTime()).toBe(oldest);
      expect(oldest).toBeGreaterThanOrEqual(before);

      await scheduleRatingSweeps(sweeps, 60_000);
      const failing = createTypedWorker("ratingSweep", workerConnection, prefix, () =>
        Promise.reject(new Error("no prices yet")),
      );
      await expect.poll(() => sweeps.queue.getFailedCount(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
      await failing.close();
      const sweep = await ratingSweepHealth(sweeps.queue, RATING_SWEEP_SCHEDULER_ID);
      expect(sweep.lastRun).toMatchObject({ outcome: "failed", failedReason: "no prices yet" });
      expect(sweep.running).toBe(0);
      expect(sweep.nextRunAt?.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await sweeps.close();
    }
  });
});
