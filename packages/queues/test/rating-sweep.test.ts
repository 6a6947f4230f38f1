import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  createRedis,
  createTypedQueue,
  createTypedWorker,
  requestRatingSweep,
  type QueuePayload,
} from "../src/index.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `{tollgate-sweep-test-${randomUUID().slice(0, 8)}}`;
const producer = createRedis(redisUrl, "producer");
const workerConnection = createRedis(redisUrl, "worker");
const queue = createTypedQueue("ratingSweep", producer, prefix);

afterAll(async () => {
  await queue.close();
  const keys = await producer.keys(`${prefix}*`);
  if (keys.length > 0) await producer.del(...keys);
  producer.disconnect();
  workerConnection.disconnect();
});

/** A promise with its resolve function, to hold a sweep "running" for as long as the test needs. */
function gate<T = void>() {
  let open: (value: T) => void = () => undefined;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("requestRatingSweep", () => {
  it("collapses requests while a sweep waits, and keeps one for after a sweep that is running", async () => {
    const processed: QueuePayload<"ratingSweep">[] = [];
    const firstStarted = gate();
    const release = gate();
    const secondDone = gate();
    const worker = createTypedWorker(
      "ratingSweep",
      workerConnection,
      prefix,
      async (payload) => {
        processed.push(payload);
        if (processed.length === 1) {
          firstStarted.open();
          await release.promise;
        } else secondDone.open();
      },
      { concurrency: 1 },
    );
    try {
      // Three requests before any sweep starts: one job.
      await Promise.all([requestRatingSweep(queue), requestRatingSweep(queue), requestRatingSweep(queue)]);
      expect(await queue.queue.getJobCountByTypes("delayed", "waiting")).toBe(1);
      await firstStarted.promise;

      // Two requests while it runs (it may already have passed the rows they concern): kept, not yet a job ...
      await requestRatingSweep(queue);
      await requestRatingSweep(queue);
      expect(await queue.queue.getJobCountByTypes("delayed", "waiting")).toBe(0);
      // ... and one sweep more once it finishes, none lost and none extra.
      release.open();
      await secondDone.promise;
      expect(processed).toEqual([{ reason: "price_change" }, { reason: "price_change" }]);
    } finally {
      release.open();
      await worker.close();
    }
    expect(processed).toHaveLength(2);
    expect(await queue.queue.getJobCountByTypes("delayed", "waiting")).toBe(0);
  });
});
