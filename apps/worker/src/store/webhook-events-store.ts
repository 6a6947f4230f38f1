import type { PoolClient } from "pg";
import type { UnratedNotice } from "../rating/unrated-notices.ts";
import { prepared } from "./prepared-statement.ts";

/**
 * Records usage.unrated webhook events in the job's transaction (the outbox, as recordWebhookEvent writes it): one
 * statement, only for jobs with unrated events; an event already recorded today for the model adds nothing.
 */
export async function insertUnratedNotices(client: PoolClient, notices: readonly UnratedNotice[]): Promise<void> {
  if (notices.length === 0) return;
  await client.query(
    prepared(
      "worker-insert-unrated-notices",
      `INSERT INTO webhook_events (tenant_id, type, dedupe_key, payload)
       SELECT n.tenant_id, 'usage.unrated', n.dedupe_key, n.payload::jsonb
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS n(tenant_id, dedupe_key, payload)
       ON CONFLICT (tenant_id, dedupe_key) DO NOTHING`,
    ),
    [notices.map((n) => n.tenantId), notices.map((n) => n.dedupeKey), notices.map((n) => JSON.stringify(n.payload))],
  );
}
