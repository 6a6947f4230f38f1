import type { PoolClient } from "pg";

/** A delivery the relay created: what its job carries (references only). */
export interface DeliveryRef {
  tenantId: string;
  eventId: string;
  endpointId: string;
}

/**
 * Locks up to `limit` undispatched outbox events, oldest first. SKIP LOCKED: two relays (two worker processes) take
 * different events and never wait on each other.
 */
export async function lockUndispatchedEvents(client: PoolClient, limit: number): Promise<string[]> {
  const rows = await client.query<{ id: string }>(
    `SELECT id FROM webhook_events WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.rows.map((row) => row.id);
}

/**
 * One delivery row per (event, enabled endpoint of its tenant subscribed to its type), then the events are marked
 * dispatched. An endpoint created or re-enabled later does not receive earlier events.
 */
export async function createDeliveries(client: PoolClient, eventIds: readonly string[]): Promise<DeliveryRef[]> {
  const rows = await client.query<{ tenant_id: string; event_id: string; endpoint_id: string }>(
    `INSERT INTO webhook_deliveries (tenant_id, event_id, endpoint_id, event_type, created_at)
     SELECT e.tenant_id, e.id, ep.id, e.type, now()
       FROM webhook_events e
       JOIN webhook_endpoints ep
         ON ep.tenant_id = e.tenant_id AND ep.disabled_at IS NULL AND e.type = ANY (ep.events)
      WHERE e.id = ANY ($1::uuid[])
      ORDER BY e.created_at, e.id, ep.id
     ON CONFLICT (event_id, endpoint_id) DO NOTHING
     RETURNING tenant_id, event_id, endpoint_id`,
    [eventIds],
  );
  await client.query(`UPDATE webhook_events SET dispatched_at = now() WHERE id = ANY ($1::uuid[])`, [eventIds]);
  return rows.rows.map((row) => ({ tenantId: row.tenant_id, eventId: row.event_id, endpointId: row.endpoint_id }));
}
