import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgesAll, forEachConcurrently, sendUntilAcknowledged } from "./support/ingest-client.ts";
import { PRICED_MODEL, PRICES, startPipelineFixture, type PipelineFixture } from "./support/pipeline-fixture.ts";
import { readPipelineTotals } from "./support/pipeline-totals.ts";
import { readJobStarts } from "./support/queue-state.ts";
import { chunk, expectedTotals, makeEvents } from "./support/usage-events.ts";
import { killAndReplaceRandomWorker, randomDelay } from "./support/worker-chaos.ts";

// The 200,000 events (E2E_KILL_EVENT_COUNT overrides, e.g. for a longer soak).
const EVENT_COUNT = Number(process.env.E2E_KILL_EVENT_COUNT ?? "200000");
const BATCH_SIZE = 1_000;
const WAVES = 20;

let fixture: PipelineFixture;

beforeAll(async () => {
  fixture = await startPipelineFixture({
    tenantName: "Kill Nine",
    workers: 2,
    // Quick crash recovery: a killed worker's jobs go back to the queue about 3 s after their last lock renewal.
    workerEnv: { WORKER_LOCK_DURATION_MS: "3000", WORKER_STALLED_INTERVAL_MS: "1000" },
  });
});

afterAll(async () => {
  await fixture.close();
});

describe("kill -9: workers SIGKILLed at random moments lose nothing and count nothing twice", () => {
  it(`records ${EVENT_COUNT.toString()} events exactly once while workers are killed and restarted`, async () => {
    const { stack, tenant, db, redis } = fixture;
    const events = makeEvents(EVENT_COUNT, { idPrefix: "kill", model: PRICED_MODEL, now: new Date() });

    // Sent in waves; during each wave one worker is SIGKILLed at a random moment (and replaced), so kills land
    // while workers hold jobs, and the two workers are killed again and again over the run.
    const waves = chunk(chunk(events, BATCH_SIZE), Math.ceil(EVENT_COUNT / BATCH_SIZE / WAVES));
    let kills = 0;
    const started = Date.now();
    for (const batches of waves) {
      const sending = forEachConcurrently(batches, 4, async (batch) => {
        const answer = await sendUntilAcknowledged(stack.ingestUrl, tenant.apiKey, batch);
        expect(acknowledgesAll(answer, batch.length), JSON.stringify(answer)).toBe(true);
      });
      await randomDelay(50, 700);
      await killAndReplaceRandomWorker(stack);
      kills += 1;
      await sending;
    }
    const sentMs = Date.now() - started;
    const counts = await fixture.settle(600_000);
    const drainedMs = Date.now() - started;

    expect(counts.failed).toBe(0);
    expect(await readPipelineTotals(db, tenant.tenantId)).toEqual(expectedTotals(events, PRICES));

    // The kills really hit running jobs: some jobs were started again after their worker died.
    const rerunJobs = (await readJobStarts(redis, stack.queuePrefix)).filter((starts) => starts > 1).length;
    console.info(
      `kill -9: ${EVENT_COUNT.toString()} events, sent in ${sentMs.toString()} ms, drained after ` +
        `${drainedMs.toString()} ms, ${kills.toString()} worker kills, ${rerunJobs.toString()} jobs re-run`,
    );
    expect(kills).toBe(waves.length);
    expect(rerunJobs).toBeGreaterThanOrEqual(1);
  }, 900_000);
});
