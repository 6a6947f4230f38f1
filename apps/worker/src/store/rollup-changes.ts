import type { PoolClient } from "pg";
import type { RatedEvent } from "../rating/rate-events.ts";

/**
 * Notes the hours whose rollups a re-rating moves (usage_rollup_changes), in the re-rating transaction: no new event
 * names them, so the local-day refresh would not otherwise recompute their local days. Re-rating is rare (events of
 * unpriced models), so this costs the recording path nothing.
 */
export async function noteReRatedHours(
  client: PoolClient,
  updates: readonly { tenantId: string; rated: RatedEvent }[],
): Promise<void> {
  if (updates.length === 0) return;
  await client.query(
    `INSERT INTO usage_rollup_changes (tenant_id, hour)
     SELECT DISTINCT * FROM unnest($1::uuid[], $2::timestamptz[]) ORDER BY 1, 2
     ON CONFLICT DO NOTHING`,
    [updates.map(({ tenantId }) => tenantId), updates.map(({ rated }) => rated.hourStart.toISOString())],
  );
}
