import { toDecimalString, type TokenCounts } from "@tollgate/domain";
import type { PoolClient } from "pg";
import type { JobEvent } from "../rating/job-events.ts";
import type { RatedEvent } from "../rating/rate-events.ts";

/** An event stored unrated, as the rating sweep reads it. */
export interface UnratedRow {
  tenant_id: string;
  event_id: string;
  occurred_at: Date;
  received_at: Date;
  model_id: string;
  requested_model: string | null;
  input_tokens: string;
  cached_input_tokens: string;
  cache_write_tokens: string;
  output_tokens: string;
  reasoning_tokens: string;
  service_tier: string | null;
  api_key_id: string | null;
  customer: string | null;
  agent: string | null;
  task_id: string | null;
  status: "ok" | "error" | "cancelled";
}

const HOUR_MS = 3_600_000;

/** Where a sweep has got to: the last row of its previous batch, in (tenant, occurred_at, event_id) order. */
export interface SweepCursor {
  tenantId: string;
  occurredAt: Date;
  eventId: string;
}

/**
 * Locks the next `batchSize` unrated events after `after` (optionally one tenant's), skipping rows another
 * transaction holds; SKIP LOCKED re-checks `rating_status` on the committed row.
 */
export async function lockUnratedEvents(
  client: PoolClient,
  tenantId: string | null,
  after: SweepCursor | null,
  batchSize: number,
): Promise<UnratedRow[]> {
  const rows = await client.query<UnratedRow>(
    `SELECT tenant_id, event_id, occurred_at, received_at, model_id, requested_model, input_tokens::text, cached_input_tokens::text,
            cache_write_tokens::text, output_tokens::text, reasoning_tokens::text, service_tier, api_key_id, customer,
            agent, task_id, status
       FROM usage_events
      WHERE rating_status = 'unrated' AND ($1::uuid IS NULL OR tenant_id = $1)
        AND ($2::uuid IS NULL OR (tenant_id, occurred_at, event_id) > ($2::uuid, $3::timestamptz, $4::text))
      ORDER BY tenant_id, occurred_at, event_id
      LIMIT $5
        FOR UPDATE SKIP LOCKED`,
    [tenantId, after?.tenantId ?? null, after?.occurredAt ?? null, after?.eventId ?? null, batchSize],
  );
  return rows.rows;
}

/** The stored row as a job event, its model resolved against today's catalog (`resolved`, null: no match). */
export function toJobEvent(row: UnratedRow, resolved: string | null): JobEvent {
  const requested = row.requested_model ?? row.model_id;
  const modelId = resolved ?? row.model_id;
  const tokens: TokenCounts = {
    input: BigInt(row.input_tokens),
    cached_input: BigInt(row.cached_input_tokens),
    cache_write: BigInt(row.cache_write_tokens),
    output: BigInt(row.output_tokens),
    reasoning: BigInt(row.reasoning_tokens),
  };
  return {
    event: {
      id: row.event_id,
      timestamp: row.occurred_at.toISOString(),
      model: requested,
      tokens: {
        input: Number(tokens.input),
        cached_input: Number(tokens.cached_input),
        cache_write: Number(tokens.cache_write),
        output: Number(tokens.output),
        reasoning: Number(tokens.reasoning),
      },
      status: row.status,
      ...(row.customer === null ? {} : { customer: row.customer }),
      ...(row.agent === null ? {} : { agent: row.agent }),
      ...(row.task_id === null ? {} : { task_id: row.task_id }),
      ...(row.service_tier === null ? {} : { service_tier: row.service_tier }),
    },
    apiKeyId: row.api_key_id,
    modelId,
    requestedModel: modelId === requested ? null : requested,
    occurredAt: row.occurred_at,
    occurredAtText: row.occurred_at.toISOString(),
    receivedAt: row.received_at.toISOString(),
    hourStart: new Date(Math.floor(row.occurred_at.getTime() / HOUR_MS) * HOUR_MS),
    tokens,
    serviceTier: row.service_tier ?? undefined,
  };
}

/** Marks the locked events rated with their new rating (the rollups, ledger and counters are written beside). */
export async function markRated(
  client: PoolClient,
  updates: readonly { tenantId: string; rated: RatedEvent }[],
): Promise<void> {
  if (updates.length === 0) return;
  const field = <T>(pick: (rated: RatedEvent, rating: Extract<RatedEvent["rating"], { status: "rated" }>) => T) =>
    updates.map(({ rated }) => (rated.rating.status === "rated" ? pick(rated, rated.rating) : null));
  const updated = await client.query(
    `UPDATE usage_events u SET rating_status = 'rated', amount = v.amount, cost = v.cost, currency = v.currency,
            plan_version_id = v.plan_version_id, pricing_rule = v.pricing_rule, rated_at = now(),
            model_id = v.model_id, requested_model = v.requested_model
       FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::numeric[], $5::text[], $6::uuid[], $7::text[],
                   $8::text[], $9::text[])
         AS v(tenant_id, event_id, amount, cost, currency, plan_version_id, pricing_rule, model_id, requested_model)
      WHERE u.tenant_id = v.tenant_id AND u.event_id = v.event_id AND u.rating_status = 'unrated'`,
    [
      updates.map(({ tenantId }) => tenantId),
      updates.map(({ rated }) => rated.event.id),
      field((_, rating) => toDecimalString(rating.amount)),
      field((_, rating) => (rating.cost ? toDecimalString(rating.cost) : null)),
      field((_, rating) => rating.currency),
      field((_, rating) => rating.planVersionId),
      field((_, rating) => rating.rule),
      updates.map(({ rated }) => rated.modelId),
      updates.map(({ rated }) => rated.requestedModel),
    ],
  );
  // The rows are locked and were unrated when locked, so every one is updated; anything else would charge events
  // whose rating did not change, so the batch is rolled back instead.
  if (updated.rowCount !== updates.length) {
    throw new Error(`re-rated ${String(updated.rowCount)} of ${updates.length.toString()} locked unrated events`);
  }
}
