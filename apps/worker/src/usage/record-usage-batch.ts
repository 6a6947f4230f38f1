import { createHash } from "node:crypto";
import { toDecimalString } from "@tollgate/domain";
import type { UsageBatchPayload, UsageGroup } from "@tollgate/queues";
import type { Pool, PoolClient } from "pg";
import { buildLedgerLines, buildRollupRows, type LedgerLine, type RollupRow } from "./aggregate-usage.ts";
import { orderJobGroups } from "./job-groups.ts";
import { loadPriceLookups, type PriceLookup, type PriceNeeds } from "./price-lookup.ts";
import { rateEvents, type RatedEvent } from "./rate-events.ts";

export interface RecordedBatch {
  inserted: number;
  duplicates: number;
  unrated: number;
}

const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]);
const MAX_TRANSACTION_ATTEMPTS = 5;

/**
 * Records one usage job in ONE transaction, whatever number of (tenant, API key) groups it holds: insert the events
 * (ON CONFLICT DO NOTHING, keeping only the rows actually inserted), then append ledger lines and add to the hourly
 * rollups for exactly those rows, each priced with its own tenant's plan.
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

interface RatedGroup {
  tenantId: string;
  apiKeyId: string | null;
  rated: RatedEvent[];
}

/** A ledger line with its tenant and idempotency key. */
interface KeyedLedgerLine extends LedgerLine {
  tenantId: string;
  idempotencyKey: string;
}

/**
 * The whole job in a fixed number of statements, whatever its number of (tenant, API key) groups: one pair of price
 * queries, one insert of the events, one of the ledger lines, one of the rollups. Per statement, rows are grouped by
 * tenant and key; per group, ledger lines and rollups cover exactly the rows the insert returned.
 */
async function recordInTransaction(client: PoolClient, payload: UsageBatchPayload): Promise<RecordedBatch> {
  const { groups, repeated } = orderJobGroups(payload.batches);
  const lookups = await loadPriceLookups(client, priceNeeds(groups));
  const rated: RatedGroup[] = groups.map((group) => ({
    tenantId: group.tenantId,
    apiKeyId: group.apiKeyId,
    rated: rateEvents(group.events, lookups.get(group.tenantId) ?? noPrices),
  }));

  const insertedKeys = await insertEvents(client, payload.receivedAt, rated);
  const result: RecordedBatch = { inserted: 0, duplicates: repeated, unrated: 0 };
  const ledger: KeyedLedgerLine[] = [];
  const rollups: { tenantId: string; row: RollupRow }[] = [];
  for (const group of rated) {
    const inserted = group.rated.filter((event) => insertedKeys.has(rowKey(group.tenantId, event.event.id)));
    result.inserted += inserted.length;
    result.duplicates += group.rated.length - inserted.length;
    result.unrated += inserted.filter((event) => event.rating.status === "unrated").length;
    if (inserted.length === 0) continue;
    ledger.push(...keyedLedgerLines(group.tenantId, inserted));
    for (const row of buildRollupRows(inserted, group.apiKeyId)) rollups.push({ tenantId: group.tenantId, row });
  }
  await appendLedgerLines(client, ledger);
  await addToRollups(client, rollups);
  return result;
}

const noPrices: PriceLookup = () => null;

function rowKey(tenantId: string, eventId: string): string {
  return `${tenantId}\u0000${eventId}`;
}

/** Per tenant, the span of its events' timestamps and their models (a tenant may have several groups). */
function priceNeeds(groups: readonly UsageGroup[]): Map<string, PriceNeeds> {
  const needs = new Map<string, { from: number; to: number; modelIds: Set<string> }>();
  for (const group of groups) {
    let need = needs.get(group.tenantId);
    if (!need) {
      need = { from: Infinity, to: -Infinity, modelIds: new Set() };
      needs.set(group.tenantId, need);
    }
    for (const event of group.events) {
      const time = Date.parse(event.timestamp);
      need.from = Math.min(need.from, time);
      need.to = Math.max(need.to, time);
      need.modelIds.add(event.model);
    }
  }
  return new Map(
    [...needs].map(([tenantId, need]) => [
      tenantId,
      { span: { from: new Date(need.from), to: new Date(need.to) }, modelIds: [...need.modelIds] },
    ]),
  );
}

async function insertEvents(
  client: PoolClient,
  receivedAt: string,
  groups: readonly RatedGroup[],
): Promise<Set<string>> {
  const rows = groups.flatMap((group) => group.rated.map((rated) => ({ group, rated })));
  const column = <T>(pick: (event: RatedEvent) => T) => rows.map(({ rated }) => pick(rated));
  const result = await client.query<{ tenant_id: string; event_id: string }>(
    `INSERT INTO usage_events (tenant_id, event_id, occurred_at, received_at, model_id, provider,
        input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
        service_tier, api_key_id, customer, agent, task_id, session_id, status, metadata,
        rating_status, amount, currency, plan_version_id, rated_at, reported_cost)
     SELECT e.tenant_id, e.event_id, e.occurred_at, $1::timestamptz, e.model_id, e.provider,
        e.input, e.cached_input, e.cache_write, e.output, e.reasoning,
        e.service_tier, e.api_key_id, e.customer, e.agent, e.task_id, e.session_id, e.status::event_status,
        e.metadata::jsonb, e.rating_status::rating_status, e.amount::numeric, e.currency, e.plan_version_id::uuid,
        CASE WHEN e.rating_status = 'rated' THEN now() END, e.reported_cost::numeric
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::bigint[],
                   $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::text[], $14::text[], $15::text[],
                   $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[],
                   $23::text[], $24::text[])
         AS e(tenant_id, api_key_id, event_id, occurred_at, model_id, provider, input, cached_input, cache_write,
              output, reasoning, service_tier, customer, agent, task_id, session_id, status, metadata, rating_status,
              amount, currency, plan_version_id, reported_cost)
     ON CONFLICT (tenant_id, event_id) DO NOTHING
     RETURNING tenant_id, event_id`,
    [
      receivedAt,
      rows.map(({ group }) => group.tenantId),
      rows.map(({ group }) => group.apiKeyId),
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
  return new Set(result.rows.map((row) => rowKey(row.tenant_id, row.event_id)));
}

/**
 * A group's ledger lines, keyed by its inserted event ids (sorted): the same rows always map to the same keys, so a
 * line is never written twice, and keys are the same as when each (tenant, key) had a job of its own.
 */
function keyedLedgerLines(tenantId: string, inserted: readonly RatedEvent[]): KeyedLedgerLine[] {
  const lines = buildLedgerLines(inserted);
  if (lines.length === 0) return [];
  const batchHash = createHash("sha256");
  for (const id of inserted.map((event) => event.event.id).sort()) batchHash.update(id).update("\u0000");
  const batchKey = batchHash.digest("hex").slice(0, 32);
  return lines.map((l) => ({
    ...l,
    tenantId,
    idempotencyKey: `usage:${batchKey}:${l.hour.toISOString()}:${l.modelId}:${l.tokenType}:${l.planVersionId}`,
  }));
}

async function appendLedgerLines(client: PoolClient, lines: readonly KeyedLedgerLine[]): Promise<void> {
  if (lines.length === 0) return;
  await client.query(
    `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
        idempotency_key, plan_version_id, description)
     SELECT l.tenant_id, 'usage_charge', l.amount::numeric, l.currency, l.model_id, l.token_type::token_type,
        l.quantity, l.hour, l.idempotency_key, l.plan_version_id::uuid, 'usage'
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[],
                   $8::text[], $9::text[])
         AS l(tenant_id, amount, currency, model_id, token_type, quantity, hour, idempotency_key, plan_version_id)
     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
    [
      lines.map((l) => l.tenantId),
      lines.map((l) => toDecimalString(l.amount)),
      lines.map((l) => l.currency),
      lines.map((l) => l.modelId),
      lines.map((l) => l.tokenType),
      lines.map((l) => l.quantity.toString()),
      lines.map((l) => l.hour),
      lines.map((l) => l.idempotencyKey),
      lines.map((l) => l.planVersionId),
    ],
  );
}

/** Rows are locked in one global order (tenant, hour, model, key, customer, agent), so concurrent jobs queue up. */
async function addToRollups(client: PoolClient, rows: readonly { tenantId: string; row: RollupRow }[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <T>(pick: (row: RollupRow) => T) => rows.map(({ row }) => pick(row));
  await client.query(
    `INSERT INTO usage_rollups_hourly AS r (tenant_id, hour, model_id, api_key_id, customer, agent, event_count,
        unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount)
     SELECT x.* FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[],
        $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[],
        $14::numeric[]) AS x
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
      rows.map(({ tenantId }) => tenantId),
      column((r) => r.hour),
      column((r) => r.modelId),
      column((r) => r.apiKeyId),
      column((r) => r.customer),
      column((r) => r.agent),
      column((r) => r.eventCount.toString()),
      column((r) => r.unratedCount.toString()),
      column((r) => r.tokens.input.toString()),
      column((r) => r.tokens.cached_input.toString()),
      column((r) => r.tokens.cache_write.toString()),
      column((r) => r.tokens.output.toString()),
      column((r) => r.tokens.reasoning.toString()),
      column((r) => toDecimalString(r.amount)),
    ],
  );
}
