import type { PoolClient } from "pg";
import type { RatedEvent } from "../rating/rate-events.ts";

/**
 * Notes the hours whose rollups a re-rating moves (usage_rollup_changes), in the re-rating transaction: no new event
 * names them, so neither the local-day nor the analytics refresh would otherwise recompute their days. A noted hour
 * re-rated again gets the new stamp, so refreshes past the first stamp still see it. Re-rating is rare (events of
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
     ON CONFLICT (tenant_id, hour) DO UPDATE SET changed_at = excluded.changed_at`,
    [updates.map(({ tenantId }) => tenantId), updates.map(({ rated }) => rated.hourStart.toISOString())],
  );
}
