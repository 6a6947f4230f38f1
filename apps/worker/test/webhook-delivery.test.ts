import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { createDbClient, type Db } from "@tollgate/db";
import { webhookDeliveryJobId, createTypedQueue } from "@tollgate/queues";
import { generateWebhookSecret, recordWebhookEvent, redeliverWebhook } from "@tollgate/use-cases/webhooks";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardedLookup } from "../src/webhooks/guarded-lookup.ts";
import { startWebhookHarness, type WebhookHarness } from "./support/run-webhook-worker.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver.ts";

/**
 * Webhooks end to end over real Postgres, Redis (BullMQ) and HTTP: the outbox relay and the delivery worker send
 * signed events to a local receiver that verifies each signature with standardwebhooks and fails on purpose.
 */
const OPERATOR = { actor: { kind: "operator_key" as const, keyId: null, prefix: "tg_test" } };

let database: TestDatabase;
let pool: pg.Pool;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 10 });
  db = createDbClient(database.url, { maxConnections: 2 });
});

afterAll(async () => {
  await db.$disconnect();
  await pool.end();
  await database.drop();
});

async function tenant(): Promise<string> {
  const id = randomUUID();
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, $2, 'Webhook Co')", [id, `wh-${id.slice(0, 8)}`]);
  return id;
}

async function endpoint(tenantId: string, url: string, secret: string, events: string[]): Promise<string> {
  const rows = await pool.query<{ id: string }>(
    "INSERT INTO webhook_endpoints (id, tenant_id, url, secret, events) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [randomUUID(), tenantId, url, secret, events],
  );
  return rows.rows[0]?.id ?? "";
}

async function event(tenantId: string, type: "invoice.paid" | "credit.low", key: string, data = {}): Promise<string> {
  await db.$transaction((tx) => recordWebhookEvent(tx, { tenantId, type, dedupeKey: key, payload: data }));
  const rows = await pool.query<{ id: string }>(
    "SELECT id FROM webhook_events WHERE tenant_id = $1 AND dedupe_key = $2",
    [tenantId, key],
  );
  return rows.rows[0]?.id ?? "";
}

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
}

async function deliveryOf(eventId: string): Promise<DeliveryRow | undefined> {
  const rows = await pool.query<DeliveryRow>(
    "SELECT id, status::text, attempts, last_status_code FROM webhook_deliveries WHERE event_id = $1",
    [eventId],
  );
  return rows.rows[0];
}

async function attemptsOf(deliveryId: string) {
  const rows = await pool.query<{
    attempt: number;
    manual: boolean;
    status_code: number | null;
    latency_ms: number;
    error: string | null;
    started_at: Date;
  }>(
    "SELECT attempt, manual, status_code, latency_ms, error, started_at FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt",
    [deliveryId],
  );
  return rows.rows;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("webhook delivery", () => {
  let harness: WebhookHarness;
  let receiver: WebhookReceiver;
  const secret = generateWebhookSecret();

  beforeAll(async () => {
    receiver = await startWebhookReceiver(secret);
    harness = startWebhookHarness(pool, { attempts: 5, backoffMs: 100 });
    harness.start();
  });

  afterAll(async () => {
    await harness.close();
    await receiver.close();
  });

  it("retries a failing receiver with exponential backoff, logs every attempt, succeeds, and redelivers on request", async () => {
    const tenantId = await tenant();
    const endpointId = await endpoint(tenantId, receiver.url, secret, ["invoice.paid"]);
    receiver.failNext(3);
    const eventId = await event(tenantId, "invoice.paid", "invoice.paid:inv-1", {
      invoice_id: "inv-1",
      total: "12.50",
    });
    await waitUntil(async () => (await deliveryOf(eventId))?.status === "succeeded");

    const delivery = await deliveryOf(eventId);
    expect(delivery).toMatchObject({ attempts: 4, last_status_code: 200 });
    const attempts = await attemptsOf(delivery?.id ?? "");
    expect(attempts.map((a) => [a.attempt, a.status_code, a.manual])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 500, false],
      [4, 200, false],
    ]);
    expect(attempts[0]?.error).toBe("HTTP 500: failed on purpose");
    expect(attempts[3]?.error).toBeNull();
    for (const attempt of attempts) expect(attempt.latency_ms).toBeGreaterThanOrEqual(0);
    // Backoff 100 ms doubling: gaps of at least 100, 200, 400 ms between attempts.
    const mine = receiver.received.filter((r) => r.id === eventId);
    expect(mine).toHaveLength(4);
    const gaps = mine.slice(1).map((r, i) => r.at - (mine[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(190);
    expect(gaps[2]).toBeGreaterThanOrEqual(390);
    // Every request verified (webhook-id = the event id) and carried the envelope.
    expect(receiver.rejected).toEqual([]);
    expect(mine[0]?.body).toMatchObject({ type: "invoice.paid", data: { invoice_id: "inv-1", total: "12.50" } });
    expect(Date.parse(mine[0]?.body.timestamp ?? "")).not.toBeNaN();

    // Manual redelivery: one more attempt, same webhook-id, marked manual.
    const queue = createTypedQueue("webhookDelivery", harness.producer, harness.prefix);
    const redeliveries = {
      enqueue: async (r: { tenantId: string; eventId: string; endpointId: string; redelivery: number }) => {
        await queue.add(webhookDeliveryJobId(r.eventId, r.endpointId, r.redelivery), {
          tenantId: r.tenantId,
          eventId: r.eventId,
          endpointId: r.endpointId,
          manual: true,
        });
      },
    };
    const result = await redeliverWebhook(db, tenantId, delivery?.id ?? "", OPERATOR, redeliveries);
    expect(result.redelivery).toBe(1);
    await receiver.waitFor((received) => received.filter((r) => r.id === eventId).length === 5);
    await waitUntil(async () => (await deliveryOf(eventId))?.status === "succeeded");
    const after = await attemptsOf(delivery?.id ?? "");
    expect(after.at(-1)).toMatchObject({ attempt: 5, status_code: 200, manual: true });
    await queue.close();
    expect(endpointId).not.toBe("");
  });

  it("delivers an alert row (credit.low, written by SQL as the worker writes it) as a signed credit.low event", async () => {
    const tenantId = await tenant();
    await endpoint(tenantId, receiver.url, secret, ["credit.low", "credit.exhausted"]);
    const payload = { currency: "USD", remaining: "0.5", granted: "10", newest_grant_id: randomUUID() };
    await pool.query(
      "INSERT INTO alerts (tenant_id, kind, dedupe_key, payload) VALUES ($1, 'credit.low', $2, $3::jsonb)",
      [tenantId, `credit_low:USD:${payload.newest_grant_id}`, JSON.stringify(payload)],
    );
    await receiver.waitFor((received) =>
      received.some((r) => r.body.type === "credit.low" && r.body.data.remaining === "0.5"),
    );
    const got = receiver.received.find((r) => r.body.type === "credit.low" && r.body.data.remaining === "0.5");
    expect(got?.body.data).toEqual(payload);
  });

  it("sends nothing for an event no endpoint subscribes to (recorded, dispatched, no delivery)", async () => {
    const tenantId = await tenant();
    await endpoint(tenantId, receiver.url, secret, ["credit.low"]);
    const eventId = await event(tenantId, "invoice.paid", "invoice.paid:nobody");
    await waitUntil(async () => {
      const rows = await pool.query("SELECT 1 FROM webhook_events WHERE id = $1 AND dispatched_at IS NOT NULL", [
        eventId,
      ]);
      return rows.rowCount === 1;
    });
    expect(await deliveryOf(eventId)).toBeUndefined();
  });
});

describe("webhook endpoint failing for days", () => {
  it("is disabled after the failure window, the tenant alerted and told through its other endpoints", async () => {
    let clock = new Date("2026-12-01T00:00:00Z");
    // Three attempts each, so the attempt that disables the endpoint is not a delivery's last: it must still end.
    const harness = startWebhookHarness(pool, {
      attempts: 3,
      backoffMs: 20,
      disableAfterMs: 3 * 86_400_000,
      now: () => clock,
    });
    harness.start();
    const secret = generateWebhookSecret();
    const failing = await startWebhookReceiver(secret);
    const healthy = await startWebhookReceiver(secret);
    failing.failAlways(true);
    try {
      const tenantId = await tenant();
      const failingId = await endpoint(tenantId, failing.url, secret, ["invoice.paid", "webhook.endpoint_disabled"]);
      await endpoint(tenantId, healthy.url, secret, ["webhook.endpoint_disabled"]);

      const first = await event(tenantId, "invoice.paid", "invoice.paid:a");
      await waitUntil(async () => (await deliveryOf(first))?.status === "failed");
      const endpointRow = async () =>
        (
          await pool.query<{ failing_since: Date | null; disabled_at: Date | null; disabled_reason: string | null }>(
            "SELECT failing_since, disabled_at, disabled_reason FROM webhook_endpoints WHERE id = $1",
            [failingId],
          )
        ).rows[0];
      expect(await endpointRow()).toMatchObject({ failing_since: clock, disabled_at: null });

      // Still inside the window: failing, not disabled.
      clock = new Date("2026-12-03T23:00:00Z");
      const second = await event(tenantId, "invoice.paid", "invoice.paid:b");
      await waitUntil(async () => (await deliveryOf(second))?.status === "failed");
      expect((await endpointRow())?.disabled_at).toBeNull();

      // Three days after the first failure: disabled.
      clock = new Date("2026-12-04T00:00:01Z");
      const third = await event(tenantId, "invoice.paid", "invoice.paid:c");
      await waitUntil(async () => (await deliveryOf(third))?.status === "failed");
      expect(await endpointRow()).toMatchObject({
        disabled_at: clock,
        disabled_reason: "deliveries failing since 2026-12-01T00:00:00.000Z",
      });
      // The disabling attempt was the delivery's last, though two were left; the first two used all three.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await deliveryOf(third))?.attempts).toBe(1);
      expect((await deliveryOf(first))?.attempts).toBe(3);
      const alerts = await pool.query<{ kind: string; payload: { endpoint_id: string } }>(
        "SELECT kind, payload FROM alerts WHERE tenant_id = $1",
        [tenantId],
      );
      expect(alerts.rows).toEqual([
        expect.objectContaining({
          kind: "webhook.endpoint_disabled",
          payload: expect.objectContaining({ endpoint_id: failingId }) as unknown,
        }),
      ]);
      // The other endpoint hears of it; the disabled one gets nothing more.
      await healthy.waitFor((received) => received.some((r) => r.body.type === "webhook.endpoint_disabled"));
      const sentToFailing = failing.received.length;
      const fourth = await event(tenantId, "invoice.paid", "invoice.paid:d");
      await waitUntil(async () => {
        const rows = await pool.query("SELECT 1 FROM webhook_events WHERE id = $1 AND dispatched_at IS NOT NULL", [
          fourth,
        ]);
        return rows.rowCount === 1;
      });
      expect(await deliveryOf(fourth)).toBeUndefined();
      expect(failing.received.length).toBe(sentToFailing);
      expect(failing.received.map((r) => r.body.type)).not.toContain("webhook.endpoint_disabled");
    } finally {
      await harness.close();
      await failing.close();
      await healthy.close();
    }
  });
});

describe("SSRF at delivery time", () => {
  it("refuses a loopback URL stored in the database when private networks are not allowed, and names resolving to loopback", async () => {
    const harness = startWebhookHarness(pool, { attempts: 1, allowPrivateNetworks: false });
    harness.start();
    const secret = generateWebhookSecret();
    const receiver = await startWebhookReceiver(secret);
    try {
      const tenantId = await tenant();
      await endpoint(tenantId, receiver.url, secret, ["invoice.paid"]);
      const eventId = await event(tenantId, "invoice.paid", "invoice.paid:ssrf");
      await waitUntil(async () => (await deliveryOf(eventId))?.status === "failed");
      const attempts = await attemptsOf((await deliveryOf(eventId))?.id ?? "");
      expect(attempts).toHaveLength(1);
      expect(attempts[0]?.status_code).toBeNull();
      expect(attempts[0]?.error).toMatch(/^url: 127\.0\.0\.1 is a loopback address/);
      expect(receiver.received).toEqual([]);
    } finally {
      await harness.close();
      await receiver.close();
    }
    // The connection-time check: every address a name resolves to.
    const refused = await new Promise<Error | null>((resolve) => {
      guardedLookup("localhost", {}, (error) => {
        resolve(error);
      });
    });
    expect(refused?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
  });
});

describe("worker restart in the middle of deliveries", () => {
  it("loses and duplicates nothing: every event delivered, one delivery row each, receivers dedupe by webhook-id", async () => {
    // Short locks: jobs a force-closed worker held are recovered by the next one about a second later.
    const harness = startWebhookHarness(pool, { attempts: 5, backoffMs: 100, lockDurationMs: 1000 });
    const secret = generateWebhookSecret();
    const receiver = await startWebhookReceiver(secret);
    receiver.delayMs = 150;
    try {
      const first = harness.start();
      const tenantId = await tenant();
      await endpoint(tenantId, receiver.url, secret, ["invoice.paid"]);
      const eventIds: string[] = [];
      for (let i = 0; i < 40; i += 1)
        eventIds.push(await event(tenantId, "invoice.paid", `invoice.paid:restart-${i.toString()}`));
      await receiver.waitFor((received) => received.length >= 4);
      // A crash: the relay and consumer stop at once, deliveries in flight are abandoned to BullMQ's stalled check.
      await first.close(true);
      const atCrash = new Set(receiver.received.map((r) => r.id)).size;
      harness.start();
      await waitUntil(async () => {
        const rows = await pool.query<{ n: string }>(
          "SELECT count(*)::text AS n FROM webhook_deliveries WHERE tenant_id = $1 AND status = 'succeeded'",
          [tenantId],
        );
        return rows.rows[0]?.n === "40";
      }, 30_000);
      const delivered = new Set(receiver.received.map((r) => r.id));
      expect([...delivered].sort()).toEqual([...eventIds].sort());
      expect(atCrash).toBeLessThan(40);
      const rows = await pool.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM webhook_deliveries WHERE tenant_id = $1",
        [tenantId],
      );
      expect(rows.rows[0]?.n).toBe("40");
      // At-least-once: a request in flight at the crash may arrive again, with the same webhook-id.
      const repeats = receiver.received.length - delivered.size;
      expect(repeats).toBeLessThanOrEqual(8);
      console.info(`restart: ${atCrash.toString()} of 40 delivered before the crash, ${repeats.toString()} repeated`);
    } finally {
      await harness.close();
      await receiver.close();
    }
  });
});
