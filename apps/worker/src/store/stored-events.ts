import type { PoolClient } from "pg";
import type { TenantJobEvents } from "../rating/job-events.ts";
import { prepared } from "./prepared-statement.ts";

/** The key findStoredEvents returns for a (tenant, event id) pair. */
export const rowKey = (tenantId: string, eventId: string) => `${tenantId}\u0000${eventId}`;

/** Which of these tenants' events are already stored (as rowKey). */
export async function findStoredEvents(client: PoolClient, tenants: readonly TenantJobEvents[]): Promise<Set<string>> {
  if (tenants.length === 0) return new Set();
  const pairs = tenants.flatMap((t) => t.events.map((e) => [t.tenantId, e.event.id] as const));
  const rows = await client.query<{ tenant_id: string; event_id: string }>(
    prepared(
      "worker-find-stored-events",
      `SELECT u.tenant_id, u.event_id FROM usage_events u
       JOIN unnest($1::uuid[], $2::text[]) AS k(tenant_id, event_id)
         ON u.tenant_id = k.tenant_id AND u.event_id = k.event_id`,
    ),
    [pairs.map(([tenantId]) => tenantId), pairs.map(([, eventId]) => eventId)],
  );
  return new Set(rows.rows.map((row) => rowKey(row.tenant_id, row.event_id)));
}
