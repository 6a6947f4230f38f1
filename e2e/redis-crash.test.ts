import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgesAll, forEachConcurrently, postEvents, sendUntilAcknowledged } from "./support/ingest-client.ts";
import { PRICED_MODEL, PRICES, startPipelineFixture, type PipelineFixture } from "./support/pipeline-fixture.ts";
import { readPipelineTotals } from "./support/pipeline-totals.ts";
import { pendingJobs, readQueueCounts } from "./support/queue-state.ts";
import { startRedisServer, type RedisServer } from "@tollgate/queues/testing";
import { chunk, expectedTotals, makeEvents, type WireEvent } from "./support/usage-events.ts";
import { randomDelay } from "./support/worker-chaos.ts";

const EVENT_COUNT = 40_000;
const BATCH_SIZE = 500;
/** Redis is killed when this many batches have been acknowledged. */
const CRASH_AFTER_BATCHES = [20, 50];
/** Both workers are stopped from here until the first crash, so acknowledged jobs pile up in Redis. */
const STOP_WORKERS_AFTER_BATCHES = 10;

let redisServer: RedisServer;
let fixture: PipelineFixture;

beforeAll(async () => {
  redisServer = await startRedisServer();
  fixture = await startPipelineFixture({
    tenantName: "Redis Crash",
    redisUrl: redisServer.url,
    workers: 2,
    // Jobs a worker held when Redis died come back quickly once it is up again.
    workerEnv: { WORKER_LOCK_DURATION_MS: "3000", WORKER_STALLED_INTERVAL_MS: "1000" },
  });
});

afterAll(async () => {
  await fixture.close();
  await redisServer.stop();
});

describe("Redis crash: SIGKILL of redis-server mid-run", () => {
  it("answers 503 while Redis is down and records every acknowledged event exactly once", async () => {
    const { stack, tenant, db, redis } = fixture;
    const events = makeEvents(EVENT_COUNT, { idPrefix: "redis", model: PRICED_MODEL, now: new Date() });
    const acknowledged: WireEvent[] = [];
    const statusesWhileDown: number[] = [];
    const retriedStatuses = new Set<number>();
    let crashes = 0;

    const pendingAtCrash: number[] = [];
    let workersStopped: Promise<(number | null)[]> | null = null;

    const crashRedis = async () => {
      // The first crash finds acknowledged jobs that no worker has taken yet: only the append-only file keeps them.
      if (crashes === 0 && workersStopped) expect(await workersStopped).toEqual([0, 0]);
      pendingAtCrash.push(pendingJobs(await readQueueCounts(redis, stack.queuePrefix)));
      await redisServer.kill9();
      crashes += 1;
      // A request while Redis is down is refused, not acknowledged (the event is re-sent later by its batch).
      const probe = await postEvents(stack.ingestUrl, tenant.apiKey, { events: events.slice(-1) });
      statusesWhileDown.push(probe.status);
      await randomDelay(500, 2_000);
      await redisServer.restart();
      while (stack.workers.length < 2) await stack.startWorker();
    };

    let crashing: Promise<void> = Promise.resolve();
    await forEachConcurrently(chunk(events, BATCH_SIZE), 3, async (batch) => {
      // The client re-sends a batch until it gets a 202, as a well-behaved client does after 503s and resets.
      const answer = await sendUntilAcknowledged(stack.ingestUrl, tenant.apiKey, batch, {
        onRetry: (status) => retriedStatuses.add(status),
      });
      expect(acknowledgesAll(answer, batch.length), JSON.stringify(answer)).toBe(true);
      acknowledged.push(...batch);
      const batchesAcknowledged = acknowledged.length / BATCH_SIZE;
      if (batchesAcknowledged === STOP_WORKERS_AFTER_BATCHES) {
        workersStopped = Promise.all(stack.workers.splice(0).map((worker) => worker.stop()));
      }
      if (CRASH_AFTER_BATCHES.includes(batchesAcknowledged)) crashing = crashing.then(crashRedis);
    });
    await crashing;
    const counts = await fixture.settle();

    expect(crashes).toBe(CRASH_AFTER_BATCHES.length);
    expect(pendingAtCrash[0]).toBeGreaterThan(0);
    expect(statusesWhileDown).toEqual(CRASH_AFTER_BATCHES.map(() => 503));
    expect(acknowledged.length).toBe(EVENT_COUNT);
    expect(counts.failed).toBe(0);
    expect(await readPipelineTotals(db, tenant.tenantId)).toEqual(expectedTotals(acknowledged, PRICES));
    console.info(
      `Redis crash: ${crashes.toString()} crashes with ${pendingAtCrash.join(", ")} jobs pending, ` +
        `client retried after: ${[...retriedStatuses].join(", ")}`,
    );
  }, 600_000);
});
