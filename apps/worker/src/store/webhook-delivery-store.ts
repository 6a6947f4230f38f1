import type { PoolClient } from "pg";

/** What sending one delivery needs; the secret and URL are read here, never from the job. */
export interface DeliveryToSend {
  deliveryId: string;
  status: "pending" | "retrying" | "succeeded" | "failed";
  url: string;
  secret: string;
  endpointDisabled: boolean;
  eventType: string;
  eventPayload: Record<string, unknown>;
  eventCreatedAt: Date;
}

/** Why a job finds no delivery to send (see loadDelivery). */
export type NoDelivery = "gone" | "not_dispatched";

/**
 * The delivery of (event, endpoint) with what sending needs. The relay queues a delivery's job before its
 * transaction commits, holding the event row FOR UPDATE meanwhile; FOR KEY SHARE here waits for that commit, so a
 * fast job never misses its row. No row: "not_dispatched" when the relay rolled back (it will create the row
 * again, and this job must then send it), "gone" when the endpoint or the event was deleted.
 */
export async function loadDelivery(
  client: PoolClient,
  eventId: string,
  endpointId: string,
): Promise<DeliveryToSend | NoDelivery> {
  const event = await client.query<{ dispatched: boolean }>(
    "SELECT dispatched_at IS NOT NULL AS dispatched FROM webhook_events WHERE id = $1 FOR KEY SHARE",
    [eventId],
  );
  const dispatched = event.rows[0]?.dispatched;
  if (dispatched === undefined) return "gone";
  const rows = await client.query<{
    id: string;
    status: DeliveryToSend["status"];
    url: string;
    secret: string;
    disabled_at: Date | null;
    type: string;
    payload: Record<string, unknown>;
    created_at: Date;
  }>(
    `SELECT d.id, d.status, ep.url, ep.secret, ep.disabled_at, e.type, e.payload, e.created_at
       FROM webhook_deliveries d
       JOIN webhook_endpoints ep ON ep.id = d.endpoint_id
       JOIN webhook_events e ON e.id = d.event_id
      WHERE d.event_id = $1 AND d.endpoint_id = $2`,
    [eventId, endpointId],
  );
  const row = rows.rows[0];
  if (!row) return dispatched ? "gone" : "not_dispatched";
  return {
    deliveryId: row.id,
    status: row.status,
    url: row.url,
    secret: row.secret,
    endpointDisabled: row.disabled_at !== null,
    eventType: row.type,
    eventPayload: row.payload,
    eventCreatedAt: row.created_at,
  };
}

/** A delivery that cannot be attempted (its endpoint was disabled): failed, with the reason, no HTTP attempt. */
export async function failWithoutAttempt(client: PoolClient, deliveryId: string, reason: string): Promise<void> {
  await client.query(`UPDATE webhook_deliveries SET status = 'failed', last_error = $2 WHERE id = $1`, [
    deliveryId,
    reason,
  ]);
}
