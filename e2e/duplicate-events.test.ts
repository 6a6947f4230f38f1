import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postEvents, sendUntilAcknowledged, type IngestAnswer } from "./support/ingest-client.ts";
import { PRICED_MODEL, PRICES, startPipelineFixture, type PipelineFixture } from "./support/pipeline-fixture.ts";
import { countStoredEvents, readPipelineTotals } from "./support/pipeline-totals.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan, type TenantWithKey } from "./support/priced-tenant.ts";
import { readQueueCounts, waitForDrainedQueue } from "./support/queue-state.ts";
import { type TestStack } from "./support/test-stack.ts";
import { expectedTotals, makeEvents, type WireEvent } from "./support/usage-events.ts";

const MODEL = PRICED_MODEL;

let fixture: PipelineFixture;
let stack: TestStack;
let db: PipelineFixture["db"];
let redis: PipelineFixture["redis"];
let acme: TenantWithKey;
let globex: TenantWithKey;

beforeAll(async () => {
  fixture = await startPipelineFixture({ tenantName: "Dedupe Acme" });
  ({ stack, db, redis, tenant: acme } = fixture);
  globex = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Dedupe Globex");
  await subscribeToPricedPlan(db, globex.tenantId, MODEL, PRICES);
});

afterAll(async () => {
  await fixture.close();
});

const now = new Date();
const events = makeEvents(120, { idPrefix: "dup", model: MODEL, now });

async function settled(tenant: TenantWithKey): Promise<void> {
  await waitForDrainedQueue(redis, stack.queuePrefix, () => countStoredEvents(db, tenant.tenantId), {
    timeoutMs: 60_000,
  });
}

/** Every answer acknowledges each distinct event once, either as accepted or as a duplicate. */
function expectAcknowledged(answer: IngestAnswer, distinct: number): void {
  expect(answer.rejected).toEqual([]);
  expect(answer.accepted + answer.duplicates).toBe(distinct);
}

describe("duplicates: every event is counted once, however often and however it is sent", () => {
  it("counts one event sent 10 times concurrently once", async () => {
    const single = events[0] as WireEvent;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => postEvents(stack.ingestUrl, acme.apiKey, single)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 10 }, () => 202));
    for (const response of responses) expectAcknowledged(response.body as IngestAnswer, 1);

    await settled(acme);
    expect(await readPipelineTotals(db, acme.tenantId)).toEqual(expectedTotals([single], PRICES));
  });

  it("counts events repeated inside one batch once, and reports the repeats as duplicates", async () => {
    const batch = events.slice(1, 41);
    const answer = await sendUntilAcknowledged(stack.ingestUrl, acme.apiKey, [...batch, ...batch.slice().reverse()]);
    // The server sees the repeats in the request itself, so it can say exactly how many there were.
    expect(answer).toEqual({ accepted: 40, duplicates: 40, rejected: [] });

    await settled(acme);
    expect(await readPipelineTotals(db, acme.tenantId)).toEqual(expectedTotals(events.slice(0, 41), PRICES));
  });

  it("counts events re-sent in later batches once, after the first ones were processed", async () => {
    const first = events.slice(41, 81);
    expectAcknowledged(await sendUntilAcknowledged(stack.ingestUrl, acme.apiKey, first), 40);
    await settled(acme);

    // 1. The identical batch again (a client that never saw the 202).
    expectAcknowledged(await sendUntilAcknowledged(stack.ingestUrl, acme.apiKey, first), 40);
    // 2. Old events mixed with new ones in a different batch (a different job id: only Postgres can tell).
    const mixed = [...events.slice(61, 81), ...events.slice(81, 101)];
    expectAcknowledged(await sendUntilAcknowledged(stack.ingestUrl, acme.apiKey, mixed), 40);
    await settled(acme);

    // 3. After the queue forgot the jobs (retention expired): only the database's unique key remains.
    const completed = await redis.zrange(`${stack.queuePrefix}:usage-events:completed`, "0", "-1");
    expect(completed.length).toBeGreaterThan(0);
    await redis.del(...completed.map((id) => `${stack.queuePrefix}:usage-events:${id}`));
    await redis.del(`${stack.queuePrefix}:usage-events:completed`);
    const everythingAgain = events.slice(0, 120);
    expectAcknowledged(await sendUntilAcknowledged(stack.ingestUrl, acme.apiKey, everythingAgain), 120);
    await settled(acme);

    expect(await readPipelineTotals(db, acme.tenantId)).toEqual(expectedTotals(events, PRICES));
    expect((await readQueueCounts(redis, stack.queuePrefix)).failed).toBe(0);
  });

  it("keeps idempotency per tenant: another tenant's events with the same ids are its own", async () => {
    expectAcknowledged(await sendUntilAcknowledged(stack.ingestUrl, globex.apiKey, events.slice(0, 30)), 30);
    await settled(globex);
    expect(await readPipelineTotals(db, globex.tenantId)).toEqual(expectedTotals(events.slice(0, 30), PRICES));
    expect(await readPipelineTotals(db, acme.tenantId)).toEqual(expectedTotals(events, PRICES));
  });
});
