import type { Pool } from "pg";

/**
 * Dates the demo tenant and its API keys as the history has them: the tenant (made by the seed a moment ago) existed
 * when its first event arrived, so the spend forecast has full days to project from; each key was created by the
 * window's start and last used at its latest event (the history is recorded without ingest, which is what records
 * a key's last use). Only moves dates back and last uses forward, so a re-run or later traffic changes nothing.
 */
export async function dateDemoRecords(pool: Pool, tenantId: string, windowStart: Date): Promise<void> {
  await pool.query("UPDATE tenants SET created_at = $2 WHERE id = $1 AND created_at > $2", [tenantId, windowStart]);
  await pool.query(
    `UPDATE api_keys k
        SET created_at = least(k.created_at, $2),
            last_used_at = greatest(k.last_used_at, used.last_at)
       FROM (SELECT api_key_id, max(occurred_at) AS last_at FROM usage_events
              WHERE tenant_id = $1 AND api_key_id IS NOT NULL GROUP BY api_key_id) AS used
      WHERE k.tenant_id = $1 AND k.id = used.api_key_id`,
    [tenantId, windowStart],
  );
}
