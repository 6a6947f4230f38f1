import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgesAll, forEachConcurrently, sendUntilAcknowledged } from "./support/ingest-client.ts";
import { PRICED_MODEL, PRICES, startPipelineFixture, type PipelineFixture } from "./support/pipeline-fixture.ts";
import { readPipelineTotals } from "./support/pipeline-totals.ts";
import { startPostgresTerminator } from "./support/postgres-chaos.ts";
import { readJobStarts } from "./support/queue-state.ts";
import { chunk, expectedTotals, makeEvents } from "./support/usage-events.ts";
import { randomDelay } from "./support/worker-chaos.ts";

const EVENT_COUNT = 60_000;
const BATCH_SIZE = 1_000;

let fixture: PipelineFixture;

beforeAll(async () => {
  fixture = await startPipelineFixture({ tenantName: "Dropped Connections", workers: 2 });
});

afterAll(async () => {
  await fixture.close();
});

describe("Postgres connections terminated mid-batch: jobs are retried, nothing is lost or counted twice", () => {
  it("records every event exactly once while the services' connections are terminated again and again", async () => {
    const { stack, tenant, db, redis } = fixture;
    const events = makeEvents(EVENT_COUNT, { idPrefix: "pgkill", model: PRICED_MODEL, now: new Date() });
    const databaseName = new URL(stack.databaseUrl).pathname.slice(1);

    const started = Date.now();
    const terminator = startPostgresTerminator(db, databaseName);
    // One client paced at a few batches a second: the run lasts long enough for many rounds of terminations to land
    // while jobs are mid-transaction.
    await forEachConcurrently(chunk(events, BATCH_SIZE), 1, async (batch) => {
      const answer = await sendUntilAcknowledged(stack.ingestUrl, tenant.apiKey, batch);
      expect(acknowledgesAll(answer, batch.length), JSON.stringify(answer)).toBe(true);
      await randomDelay(50, 250);
    });
    const { rounds, terminated } = await terminator.stop();
    const counts = await fixture.settle();
    const drainedMs = Date.now() - started;

    expect(counts.failed).toBe(0);
    expect(await readPipelineTotals(db, tenant.tenantId)).toEqual(expectedTotals(events, PRICES));
    // The services survived: the workers and ingest are still the processes the stack started.
    expect(stack.workers.map((worker) => worker.child.exitCode)).toEqual([null, null]);
    expect(stack.services.ingest.child.exitCode).toBeNull();

    const retriedJobs = (await readJobStarts(redis, stack.queuePrefix)).filter((starts) => starts > 1).length;
    console.info(
      `pg_terminate_backend: ${EVENT_COUNT.toString()} events drained after ${drainedMs.toString()} ms, ` +
        `${rounds.toString()} rounds terminated ${terminated.toString()} backends, ${retriedJobs.toString()} jobs retried`,
    );
    expect(terminated).toBeGreaterThan(0);
    expect(retriedJobs).toBeGreaterThanOrEqual(1);
  }, 600_000);
});
