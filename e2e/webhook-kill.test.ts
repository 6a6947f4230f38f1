import { createDbClient, type Db } from "@tollgate/db";
import { recordWebhookEvent } from "@tollgate/use-cases/webhooks";
import { startWebhookReceiver, type WebhookReceiver } from "@tollgate/worker/testing/webhook-receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "./support/test-stack.ts";

const EVENTS = 300;

let stack: TestStack;
let db: Db;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  stack = await startTestStack({
    // Loopback receiver: the operator setting for development and tests, in the api and the worker alike.
    env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true" },
    workerEnv: {
      WEBHOOK_BACKOFF_MS: "200",
      WEBHOOK_RELAY_INTERVAL_MS: "100",
      // Quick crash recovery: a killed worker's deliveries go back to the queue about 2 s after their last renewal.
      WORKER_LOCK_DURATION_MS: "2000",
      WORKER_STALLED_INTERVAL_MS: "1000",
    },
  });
  db = createDbClient(stack.databaseUrl, { maxConnections: 2 });
});

afterAll(async () => {
  await db.$disconnect();
  await stack.stop();
  await receiver.close();
});

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape it expects
async function admin<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.operatorKey}`, "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe("webhooks: worker kill -9 in the middle of deliveries", () => {
  it(`delivers ${EVENTS.toString()} signed events exactly once each by webhook-id, one delivery row each`, async () => {
    const tenant = await admin<{ tenant: { id: string } }>("POST", "/v1/admin/tenants", { name: "Hooked" });
    const tenantId = tenant.body.tenant.id;
    const endpoint = await admin<{ id: string; secret: string }>(
      "POST",
      `/v1/admin/tenants/${tenantId}/webhook-endpoints`,
      { url: receiver.url, events: ["invoice.paid"] },
    );
    expect(endpoint.status).toBe(201);
    receiver.setSecret(endpoint.body.secret);
    receiver.delayMs = 50;
    receiver.failNext(20);

    const started = Date.now();
    // One transaction, as a close that finalizes many invoices would record them.
    await db.$transaction(async (tx) => {
      for (let i = 0; i < EVENTS; i += 1) {
        await recordWebhookEvent(tx, {
          tenantId,
          type: "invoice.paid",
          dedupeKey: `invoice.paid:kill-${i.toString()}`,
          payload: { invoice_id: `kill-${i.toString()}` },
        });
      }
    });
    await receiver.waitFor((received) => received.length >= 30, 60_000);
    await stack.services.worker.kill9();
    stack.workers.splice(stack.workers.indexOf(stack.services.worker), 1);
    const atKill = new Set(receiver.received.map((r) => r.id)).size;
    await stack.startWorker();

    const deadline = Date.now() + 120_000;
    for (;;) {
      const counts = await db.webhookDelivery.groupBy({ by: ["status"], where: { tenantId }, _count: true });
      const succeeded = counts.find((c) => c.status === "succeeded")?._count ?? 0;
      if (succeeded === EVENTS) break;
      if (Date.now() > deadline) throw new Error(`only ${succeeded.toString()} deliveries succeeded`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const elapsedMs = Date.now() - started;

    const eventIds = (await db.webhookEvent.findMany({ where: { tenantId }, select: { id: true } })).map((e) => e.id);
    expect(eventIds).toHaveLength(EVENTS);
    const delivered = new Set(receiver.received.map((r) => r.id));
    expect([...delivered].sort()).toEqual([...eventIds].sort());
    expect(receiver.rejected).toEqual([]);
    expect(await db.webhookDelivery.count({ where: { tenantId } })).toBe(EVENTS);
    const repeats = receiver.received.length - delivered.size;
    // The 20 failed on purpose came back (retried); the rest repeat only if they were in flight at the kill.
    console.info(
      `webhook kill -9: ${EVENTS.toString()} events, ${atKill.toString()} delivered before the kill, ` +
        `${repeats.toString()} repeated requests (20 failed on purpose), all delivered after ${elapsedMs.toString()} ms`,
    );
    expect(atKill).toBeLessThan(EVENTS);
  });
});
