import type { AlertRecord } from "@tollgate/domain";
import type { PoolClient } from "pg";
import { prepared } from "./prepared-statement.ts";

/** Writes alerts once each: (tenant, dedupe key) is unique, so a retried job or a repeat crossing adds nothing. */
export async function insertAlerts(client: PoolClient, alerts: readonly AlertRecord[]): Promise<void> {
  if (alerts.length === 0) return;
  await client.query(
    prepared(
      "worker-insert-alerts",
      `INSERT INTO alerts (tenant_id, kind, dedupe_key, payload)
     SELECT a.tenant_id, a.kind, a.dedupe_key, a.payload::jsonb
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS a(tenant_id, kind, dedupe_key, payload)
     ON CONFLICT (tenant_id, dedupe_key) DO NOTHING`,
    ),
    [
      alerts.map((a) => a.tenantId),
      alerts.map((a) => a.kind),
      alerts.map((a) => a.dedupeKey),
      alerts.map((a) => JSON.stringify(a.payload)),
    ],
  );
}
