import { randomUUID } from "node:crypto";
import { replayFailedJob, webhookDeliveryJobId } from "@tollgate/queues";
import { generateWebhookSecret, recordWebhookEvent } from "@tollgate/use-cases/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookWorker } from "../src/jobs/webhook-delivery-worker.ts";
import {
  replayFailedAndWait,
  startReplayGround,
  waitForJobState,
  type ReplayGround,
} from "./support/failed-job-replay.ts";
import { startWebhookHarness, type WebhookHarness } from "./support/run-webhook-worker.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver.ts";

/**
 * A webhook delivery job that failed for real (the endpoint's secret column was away: a half-applied schema change,
 * so no attempt reached the network), replayed through the failed-jobs operation once the column is back, by the
 * worker's own relay and delivery consumer: the local receiver gets the event exactly once, signed and verified.
 */
const secret = generateWebhookSecret();
let ground: ReplayGround;
let receiver: WebhookReceiver;
let harness: WebhookHarness;
let deliveries: WebhookWorker;

beforeAll(async () => {
  ground = await startReplayGround("webhook-replay");
  receiver = await startWebhookReceiver(secret);
  // Its own Redis prefix, like the ground's; two attempts, so the job fails for good quickly.
  harness = startWebhookHarness(ground.pool, { attempts: 2, backoffMs: 50 });
  deliveries = harness.start();
});

afterAll(async () => {
  await harness.close();
  await receiver.close();
  await ground.close();
});

describe("replaying a failed webhook delivery with the real consumer", () => {
  it("delivers once to the receiver", async () => {
    const { pool, db } = ground;
    const tenantId = randomUUID();
    const endpointId = randomUUID();
    await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, 'hooked', 'Hooked Co')", [tenantId]);
    await pool.query(
      "INSERT INTO webhook_endpoints (id, tenant_id, url, secret, events) VALUES ($1, $2, $3, $4, '{invoice.paid}')",
      [endpointId, tenantId, receiver.url, secret],
    );
    await pool.query("ALTER TABLE webhook_endpoints RENAME COLUMN secret TO secret_moved");
    let restored = false;
    const restore = async () => {
      if (restored) return;
      restored = true;
      await pool.query("ALTER TABLE webhook_endpoints RENAME COLUMN secret_moved TO secret");
    };
    try {
      await db.$transaction((tx) =>
        recordWebhookEvent(tx, {
          tenantId,
          type: "invoice.paid",
          dedupeKey: "invoice.paid:inv-replay",
          payload: { invoice_id: "inv-replay", total: "12.50" },
        }),
      );
      const event = await pool.query<{ id: string }>("SELECT id FROM webhook_events WHERE tenant_id = $1", [tenantId]);
      const eventId = event.rows[0]?.id ?? "";
      const jobId = webhookDeliveryJobId(eventId, endpointId);
      await waitForJobState(deliveries.queue.queue, jobId, "failed");
      expect(receiver.received).toEqual([]);

      await restore();
      const listed = await replayFailedAndWait(deliveries.queue.queue, jobId);
      expect(listed).toMatchObject({ tenantIds: [tenantId], attemptsMade: 2 });
      expect(listed.failedReason).toMatch(/secret/);

      await receiver.waitFor((received) => received.length >= 1);
      const delivery = await pool.query<{ status: string; attempts: number; last_status_code: number }>(
        "SELECT status::text, attempts, last_status_code FROM webhook_deliveries WHERE event_id = $1",
        [eventId],
      );
      expect(delivery.rows).toEqual([{ status: "succeeded", attempts: 1, last_status_code: 200 }]);
      // Completed: a second replay is refused; given time, nothing else arrives.
      await expect(replayFailedJob(deliveries.queue.queue, jobId)).rejects.toThrow(/not failed/);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.received.map((received) => [received.id, received.body.type, received.body.data])).toEqual([
        [eventId, "invoice.paid", { invoice_id: "inv-replay", total: "12.50" }],
      ]);
      expect(receiver.rejected).toEqual([]);
    } finally {
      await restore();
    }
  }, 90_000);
});
