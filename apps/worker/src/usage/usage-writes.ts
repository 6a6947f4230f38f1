import { toDecimalString } from "@tollgate/domain";
import type { PoolClient } from "pg";
import type { LedgerLine, RollupRow } from "./aggregate-usage.ts";
import type { RatedEvent } from "./rate-events.ts";

export interface TenantRatedEvents {
  tenantId: string;
  rated: RatedEvent[];
}

export const rowKey = (tenantId: string, eventId: string) => `${tenantId}\u0000${eventId}`;

/** Inserts the events (ON CONFLICT DO NOTHING) and returns the keys (rowKey) of the rows actually inserted. */
export async function insertEvents(
  client: PoolClient,
  receivedAt: string,
  tenants: readonly TenantRatedEvents[],
): Promise<Set<string>> {
  const rows = tenants.flatMap((tenant) => tenant.rated.map((rated) => ({ tenantId: tenant.tenantId, rated })));
  const column = <T>(pick: (event: RatedEvent) => T) => rows.map(({ rated }) => pick(rated));
  const ratedField = <T>(pick: (rating: Extract<RatedEvent["rating"], { status: "rated" }>) => T) =>
    column((r) => (r.rating.status === "rated" ? pick(r.rating) : null));
  const result = await client.query<{ tenant_id: string; event_id: string }>(
    `INSERT INTO usage_events (tenant_id, event_id, occurred_at, received_at, model_id, provider,
        input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens,
        service_tier, api_key_id, customer, agent, task_id, session_id, status, metadata,
        rating_status, amount, currency, plan_version_id, rated_at, reported_cost, cost, pricing_rule, requested_model)
     SELECT e.tenant_id, e.event_id, e.occurred_at, $1::timestamptz, e.model_id, e.provider,
        e.input, e.cached_input, e.cache_write, e.output, e.reasoning,
        e.service_tier, e.api_key_id, e.customer, e.agent, e.task_id, e.session_id, e.status::event_status,
        e.metadata::jsonb, e.rating_status::rating_status, e.amount::numeric, e.currency, e.plan_version_id::uuid,
        CASE WHEN e.rating_status = 'rated' THEN now() END, e.reported_cost::numeric, e.cost::numeric,
        e.pricing_rule, e.requested_model
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::bigint[],
                   $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::text[], $14::text[], $15::text[],
                   $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[],
                   $23::text[], $24::text[], $25::text[], $26::text[], $27::text[])
         AS e(tenant_id, api_key_id, event_id, occurred_at, model_id, provider, input, cached_input, cache_write,
              output, reasoning, service_tier, customer, agent, task_id, session_id, status, metadata, rating_status,
              amount, currency, plan_version_id, reported_cost, cost, pricing_rule, requested_model)
     ON CONFLICT (tenant_id, event_id) DO NOTHING
     RETURNING tenant_id, event_id`,
    [
      receivedAt,
      rows.map(({ tenantId }) => tenantId),
      column((r) => r.apiKeyId),
      column((r) => r.event.id),
      column((r) => r.occurredAt),
      column((r) => r.modelId),
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
      ratedField((rating) => toDecimalString(rating.amount)),
      ratedField((rating) => rating.currency),
      ratedField((rating) => rating.planVersionId),
      column((r) => r.event.reported_cost ?? null),
      ratedField((rating) => (rating.cost ? toDecimalString(rating.cost) : null)),
      ratedField((rating) => rating.rule),
      column((r) => r.requestedModel),
    ],
  );
  return new Set(result.rows.map((row) => rowKey(row.tenant_id, row.event_id)));
}

/** A ledger line with its tenant and idempotency key. */
export interface KeyedLedgerLine extends LedgerLine {
  tenantId: string;
  idempotencyKey: string;
}

export async function appendLedgerLines(client: PoolClient, lines: readonly KeyedLedgerLine[]): Promise<void> {
  if (lines.length === 0) return;
  await client.query(
    `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
        idempotency_key, plan_version_id, description)
     SELECT l.tenant_id, 'usage_charge', l.amount::numeric, l.currency, l.model_id, l.token_type::token_type,
        l.quantity, l.hour, l.idempotency_key, l.plan_version_id::uuid, l.description
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[],
                   $8::text[], $9::text[], $10::text[])
         AS l(tenant_id, amount, currency, model_id, token_type, quantity, hour, idempotency_key, plan_version_id,
              description)
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
      lines.map((l) => l.description),
    ],
  );
}

/**
 * Adds increments (negative ones too: re-rating moves counts) to the hourly rollups. Rows are locked in one global
 * order (tenant, hour, model, key, customer, agent), so concurrent jobs queue up instead of deadlocking.
 */
export async function addToRollups(
  client: PoolClient,
  rows: readonly { tenantId: string; row: RollupRow }[],
): Promise<void> {
  if (rows.length === 0) return;
  const column = <T>(pick: (row: RollupRow) => T) => rows.map(({ row }) => pick(row));
  await client.query(
    `INSERT INTO usage_rollups_hourly AS r (tenant_id, hour, model_id, api_key_id, customer, agent, event_count,
        unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount,
        cost)
     SELECT x.* FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[],
        $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[],
        $14::numeric[], $15::numeric[]) AS x
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
        cost = r.cost + EXCLUDED.cost,
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
      column((r) => toDecimalString(r.cost)),
    ],
  );
}
