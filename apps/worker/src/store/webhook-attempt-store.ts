import { WEBHOOK_ENDPOINT_DISABLED } from "@tollgate/domain";
import type { PoolClient } from "pg";

/** One HTTP attempt's outcome (statusCode null: no response, see error). */
export interface AttemptOutcome {
  startedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  ok: boolean;
}

export interface AttemptRecord {
  deliveryId: string;
  endpointId: string;
  tenantId: string;
  manual: boolean;
  /** No automatic attempt follows this one if it failed. */
  final: boolean;
  outcome: AttemptOutcome;
}

/**
 * Records an attempt: the attempt row, the delivery's status and last result, and the endpoint's failure window.
 * An endpoint whose deliveries have failed without a success since `disableBefore` or earlier is disabled, and the
 * tenant alerted (the alert becomes a webhook.endpoint_disabled event to its other endpoints, by trigger).
 * Returns the attempt's number (0: the delivery is gone, its endpoint deleted meanwhile) and whether the endpoint
 * was disabled by this attempt.
 */
export async function recordAttempt(
  client: PoolClient,
  record: AttemptRecord,
  disableBefore: Date,
): Promise<{ attempt: number; disabled: boolean }> {
  const { outcome } = record;
  const status = outcome.ok ? "succeeded" : record.final ? "failed" : "retrying";
  const updated = await client.query<{ attempts: number }>(
    `UPDATE webhook_deliveries
        SET attempts = attempts + 1, status = $2, last_status_code = $3, last_latency_ms = $4, last_error = $5,
            last_attempt_at = $6, succeeded_at = CASE WHEN $7 THEN $6 ELSE succeeded_at END
      WHERE id = $1
  RETURNING attempts`,
    [record.deliveryId, status, outcome.statusCode, outcome.latencyMs, outcome.error, outcome.startedAt, outcome.ok],
  );
  const attempt = updated.rows[0]?.attempts;
  // The endpoint was deleted (its deliveries with it) while the request was in flight: nothing left to record.
  if (attempt === undefined) return { attempt: 0, disabled: false };
  await client.query(
    `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, manual, status_code, latency_ms, error, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      record.deliveryId,
      attempt,
      record.manual,
      outcome.statusCode,
      outcome.latencyMs,
      outcome.error,
      outcome.startedAt,
    ],
  );
  if (outcome.ok) {
    await client.query(
      `UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`,
      [record.endpointId],
    );
    return { attempt, disabled: false };
  }
  // Two statements: one statement may not update the same row twice (a CTE's update would be lost).
  const failing = await client.query<{ failing_since: Date }>(
    `UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2)
      WHERE id = $1 AND disabled_at IS NULL
  RETURNING failing_since`,
    [record.endpointId, outcome.startedAt],
  );
  const failingSince = failing.rows[0]?.failing_since;
  if (failingSince === undefined || failingSince > disableBefore) return { attempt, disabled: false };
  const disabled = await client.query<{ url: string; disabled_at: Date }>(
    `UPDATE webhook_endpoints SET disabled_at = $2, disabled_reason = $3 WHERE id = $1 RETURNING url, disabled_at`,
    [record.endpointId, outcome.startedAt, `deliveries failing since ${failingSince.toISOString()}`],
  );
  const row = disabled.rows[0];
  if (!row) return { attempt, disabled: false };
  // No automatic attempt follows on a disabled endpoint.
  if (!record.final) {
    await client.query(`UPDATE webhook_deliveries SET status = 'failed' WHERE id = $1`, [record.deliveryId]);
  }
  await client.query(
    `INSERT INTO alerts (tenant_id, kind, dedupe_key, payload) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (tenant_id, dedupe_key) DO NOTHING`,
    [
      record.tenantId,
      WEBHOOK_ENDPOINT_DISABLED,
      `webhook_disabled:${record.endpointId}:${row.disabled_at.toISOString()}`,
      JSON.stringify({
        endpoint_id: record.endpointId,
        url: row.url,
        failing_since: failingSince.toISOString(),
        disabled_at: row.disabled_at.toISOString(),
        last_error: outcome.error,
        last_status_code: outcome.statusCode,
      }),
    ],
  );
  return { attempt, disabled: true };
}
