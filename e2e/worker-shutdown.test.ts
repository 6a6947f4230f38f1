import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgesAll, forEachConcurrently, sendUntilAcknowledged } from "./support/ingest-client.ts";
import { PRICED_MODEL, PRICES, startPipelineFixture, type PipelineFixture } from "./support/pipeline-fixture.ts";
import { readPipelineTotals } from "./support/pipeline-totals.ts";
import { readJobStarts, readQueueCounts } from "./support/queue-state.ts";
import { chunk, expectedTotals, makeEvents } from "./support/usage-events.ts";
import { randomDelay } from "./support/worker-chaos.ts";

const EVENT_COUNT = 60_000;
const BATCH_SIZE = 1_000;
const WAVES = 6;

let fixture: PipelineFixture;

beforeAll(async () => {
  // Default lock settings: a job abandoned by a stopping worker would only come back after 30 s and show up as
  // started twice, so the assertions below tell "completed before exit" apart from "recovered later".
  fixture = await startPipelineFixture({ tenantName: "Graceful", workers: 2 });
});

afterAll(async () => {
  await fixture.close();
});

describe("graceful shutdown: SIGTERM to a worker mid-load", () => {
  it("exits 0 after finishing its in-flight jobs, and the totals stay exact", async () => {
    const { stack, tenant, db, redis } = fixture;
    const events = makeEvents(EVENT_COUNT, { idPrefix: "term", model: PRICED_MODEL, now: new Date() });
    const waves = chunk(chunk(events, BATCH_SIZE), Math.ceil(EVENT_COUNT / BATCH_SIZE / WAVES));
    const exitCodes: (number | null)[] = [];
    const activeAtSignal: number[] = [];

    for (const batches of waves) {
      const sending = forEachConcurrently(batches, 4, async (batch) => {
        const answer = await sendUntilAcknowledged(stack.ingestUrl, tenant.apiKey, batch);
        expect(acknowledgesAll(answer, batch.length), JSON.stringify(answer)).toBe(true);
      });
      await randomDelay(100, 600);
      const [victim] = stack.workers.splice(Math.floor(Math.random() * stack.workers.length), 1);
      if (!victim) throw new Error("no worker to stop");
      activeAtSignal.push((await readQueueCounts(redis, stack.queuePrefix)).active);
      exitCodes.push(await victim.stop(30_000));
      await stack.startWorker();
      await sending;
    }
    const counts = await fixture.settle();

    expect(exitCodes).toEqual(waves.map(() => 0));
    expect(counts.failed).toBe(0);
    expect(await readPipelineTotals(db, tenant.tenantId)).toEqual(expectedTotals(events, PRICES));
    // Every job ran exactly once: stopping workers finished what they held instead of leaving it to crash recovery.
    const starts = await readJobStarts(redis, stack.queuePrefix);
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.filter((count) => count !== 1)).toEqual([]);
    console.info(
      `SIGTERM: ${WAVES.toString()} stops, active jobs in the queue at each signal: ${activeAtSignal.join(", ")}`,
    );
  }, 600_000);
});
