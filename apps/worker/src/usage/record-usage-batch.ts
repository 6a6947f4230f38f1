import { createHash } from "node:crypto";
import { toDecimalString } from "@tollgate/domain";
import type { UsageBatchPayload } from "@tollgate/queues";
import type { Pool, PoolClient } from "pg";
import { buildLedgerLines, buildRollupRows, type LedgerLine, type RollupRow } from "./aggregate-usage.ts";
import { loadPriceLookup } from "./price-lookup.ts";
import { rateEvents, type RatedEvent } from "./rate-events.ts";

export interface RecordedBatch {
  inserted: number;
  duplicates: number;
  unrated: number;
}

const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]);
const MAX_TRANSACTION_ATTEMPTS = 5;

/**
 * Records one usage batch in ONE transaction: insert the events (ON CONFLICT DO NOTHING, keeping only the rows
 * actually inserted), then append ledger lines and add to the hourly rollups for exactly those rows.
 * Re-running a committed batch inserts nothing and so changes nothing. Serialization failures and deadlocks are
 * retried here; anything else propagates so the queue retries the job.
 */
export async function recordUsageBatch(pool: Pool, payload: UsageBatchPayload): Promise<RecordedBatch> {
  for (let attempt = 1; ; attempt += 1) {
    const client = await pool.connect();
    // A connection dropped while checked out (Postgres restart, pg_terminate_backend) is reported as an 'error'
    // event, which would crash the process without a listener; the pending or next query rejects anyway.
    let connectionLost = false;
    const onConnectionError = () => {
      connectionLost = true;
    };
    client.on("error", onConnectionError);
    try {
      await client.query("BEGIN");
      const result = await recordInTransaction(client, payload);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        connectionLost = true;
      });
      const code = (error as { code?: string }).code;
      if (attempt < MAX_TRANSACTION_ATTEMPTS && code && RETRYABLE_SQLSTATES.has(code)) continue;
      throw error;
    } finally {
      client.off("error", onConnectionError);
      // A broken connection is closed rather than returned to the pool.
      client.release(connectionLost);
    }
  }
}

async function recordInTransaction(client: PoolClient, payload: UsageBatchPayload): Promise<RecordedBatch> {
  const times = payload.events.map((event) => Date.parse(event.timestamp));
  const span = { from: new Date(Math.min(...times)), to: new Date(Math.max(...times)) };
  const modelIds = [...new Set(payload.events.map((event) => event.model))];
  const lookup = await loadPriceLookup(client, payload.tenantId, span, modelIds);
  const rated = rateEvents(payload.events, lookup);

  const insertedIds = await insertEvents(client, payload, rated);
  const inserted = rated.filter((event) => insertedIds.has(event.event.id));
  if (inserted.length > 0) {
    await appendLedgerLines(client, payload.tenantId, buildLedgerLines(inserted), inserted);
    await addToRollups(client, payload.tenantId, buildRollupRows(inserted, payload.apiKeyId));
  }
  return {
    inserted: inserted.length,
    duplicates: rated.length - inserted.length,
    unrated: inserted.filter((event) => event.rating.status === "unrated").length,
  };
}

async function insertEvents(
  client: PoolClient,
  payload: UsageBatchPayload,
  rated: readonly RatedEvent[],
): Promise<Set<string>> {
  const column = <T>(pick: (event: RatedEvent) => T) => rated.map(pick);
  const result = await client.query<{ event_id: string }>(
    `INSERT INTO usage_events (tenant_id, event_id, occurred_at, received_at, model_id, provider,
        input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
        service_tier, api_key_id, customer, agent, task_id, session_id, status, metadata,
        rating_status, amount, currency, plan_version_id, rated_at, reported_cost)
     SELECT $1::uuid, e.event_id, e.occurred_at, $2::timestamptz, e.model_id, e.provider,
        e.input, e.cached_input, e.cache_write, e.output, e.reasoning,
        e.service_tier, $3::uuid, e.customer, e.agent, e.task_id, e.session_id, e.status::event_status, e.metadata::jsonb,
        e.rating_status::rating_status, e.amount::numeric, e.currency, e.plan_version_id::uuid,
        CASE WHEN e.rating_status = 'rated' THEN now() END, e.reported_cost::numeric
       FROM unnest($4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::bigint[],
                   $11::bigint[], $12::bigint[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
                   $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[])
         AS e(event_id, occurred_at, model_id, provider, input, cached_input, cache_write, output, reasoning,
              service_tier, customer, agent, task_id, session_id, status, metadata, rating_status, amount, currency,
              plan_version_id, reported_cost)
     ON CONFLICT (tenant_id, event_id) DO NOTHING
     RETURNING event_id`,
    [
      payload.tenantId,
      payload.receivedAt,
      payload.apiKeyId,
      column((r) => r.event.id),
      column((r) => r.occurredAt),
      column((r) => r.event.model),
      column((r) => r.event.provider ?? null),
      column((r) => r.tokens.input.toString()),
      column((r) => r.tokens.cached_input.toString()),
      column((r) => r.tokens.cache_write.toString()),
      column((r) => r.tokens.output.toString()),
      column((r) => r.tokens.reasoning.toString()),
      column((r) => r.event.service_tier ?? null),
      column((r) => r.event.customer ?? null),
      column((r) => r.event.agent ?? null),
      column((r) => r.event.task_id ?? null),
      column((r) => r.event.session_id ?? null),
      column((r) => r.event.status),
      column((r) => (r.event.metadata ? JSON.stringify(r.event.metadata) : null)),
      column((r) => r.rating.status),
      column((r) => (r.rating.status === "rated" ? toDecimalString(r.rating.amount) : null)),
      column((r) => (r.rating.status === "rated" ? r.rating.currency : null)),
      column((r) => (r.rating.status === "rated" ? r.rating.planVersionId : null)),
      column((r) => r.event.reported_cost ?? null),
    ],
  );
  return new Set(result.rows.map((row) => row.event_id));
}

/** The ledger lines' idempotency keys derive from the inserted event ids, so the same rows always map to one key. */
async function appendLedgerLines(
  client: PoolClient,
  tenantId: string,
  lines: readonly LedgerLine[],
  inserted: readonly RatedEvent[],
): Promise<void> {
  if (lines.length === 0) return;
  const batchHash = createHash("sha256");
  for (const id of inserted.map((event) => event.event.id).sort()) batchHash.update(id).update("\u0000");
  const batchKey = batchHash.digest("hex").slice(0, 32);
  await client.query(
    `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
        idempotency_key, plan_version_id, description)
     SELECT $1::uuid, 'usage_charge', l.amount::numeric, l.currency, l.model_id, l.token_type::token_type, l.quantity,
        l.hour, l.idempotency_key, l.plan_version_id::uuid, 'usage'
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[], $8::text[], $9::text[])
         AS l(amount, currency, model_id, token_type, quantity, hour, idempotency_key, plan_version_id)
     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
    [
      tenantId,
      lines.map((l) => toDecimalString(l.amount)),
      lines.map((l) => l.currency),
      lines.map((l) => l.modelId),
      lines.map((l) => l.tokenType),
      lines.map((l) => l.quantity.toString()),
      lines.map((l) => l.hour),
      lines.map((l) => `usage:${batchKey}:${l.hour.toISOString()}:${l.modelId}:${l.tokenType}:${l.planVersionId}`),
      lines.map((l) => l.planVersionId),
    ],
  );
}

async function addToRollups(client: PoolClient, tenantId: string, rows: readonly RollupRow[]): Promise<void> {
  await client.query(
    `INSERT INTO usage_rollups_hourly AS r (tenant_id, hour, model_id, api_key_id, customer, agent, event_count,
        unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount)
     SELECT $1::uuid, x.* FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
        $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::numeric[]) AS x
     ORDER BY 1, 2, 3, 4, 5, 6
     ON CONFLICT (tenant_id, hour, model_id, api_key_id, customer, agent) DO UPDATE SET
        event_count = r.event_count + EXCLUDED.event_count,
        unrated_count = r.unrated_count + EXCLUDED.unrated_count,
        input_tokens = r.input_tokens + EXCLUDED.input_tokens,
        cached_input_tokens = r.cached_input_tokens + EXCLUDED.cached_input_tokens,
        cache_write_tokens = r.cache_write_tokens + EXCLUDED.cache_write_tokens,
        output_tokens = r.output_tokens + EXCLUDED.output_tokens,
        reasoning_tokens = r.reasoning_tokens + EXCLUDED.reasoning_tokens,
        amount = r.amount + EXCLUDED.amount,
        updated_at = now()`,
    [
      tenantId,
      rows.map((r) => r.hour),
      rows.map((r) => r.modelId),
      rows.map((r) => r.apiKeyId),
      rows.map((r) => r.customer),
      rows.map((r) => r.agent),
      rows.map((r) => r.eventCount.toString()),
      rows.map((r) => r.unratedCount.toString()),
      rows.map((r) => r.tokens.input.toString()),
      rows.map((r) => r.tokens.cached_input.toString()),
      rows.map((r) => r.tokens.cache_write.toString()),
      rows.map((r) => r.tokens.output.toString()),
      rows.map((r) => r.tokens.reasoning.toString()),
      rows.map((r) => toDecimalString(r.amount)),
    ],
  );
}
