import { money, toDecimalString } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { Prisma } from "@tollgate/db";
import type { UsageRange } from "./usage-reads.ts";

/** A position in one tenant's events, in the order (occurred_at, event_id) that pages are read in. */
export interface UsageEventPosition {
  occurredAt: Date;
  eventId: string;
}

/** A stored event as readers see it: token counts are bigint decimal strings, the amount a full-precision string. */
export interface StoredUsageEvent {
  eventId: string;
  occurredAt: Date;
  receivedAt: Date;
  modelId: string;
  provider: string | null;
  tokens: { input: string; cached_input: string; cache_write: string; output: string; reasoning: string };
  serviceTier: string | null;
  apiKeyId: string | null;
  customer: string | null;
  agent: string | null;
  taskId: string | null;
  sessionId: string | null;
  status: string;
  metadata: unknown;
  ratingStatus: string;
  /** Null while unrated (never a silent zero). */
  amount: string | null;
  currency: string | null;
  /** What the provider reported the call cost (OpenRouter's `cost`), exact; null when not reported. */
  reportedCost: string | null;
  planVersionId: string | null;
}

export interface UsageEventPage {
  events: StoredUsageEvent[];
  /** Where the next page starts, or null when this page reached the end of the range. */
  next: UsageEventPosition | null;
}

interface EventRow {
  event_id: string;
  occurred_at: Date;
  received_at: Date;
  model_id: string;
  provider: string | null;
  input_tokens: bigint;
  cached_input_tokens: bigint;
  cache_write_tokens: bigint;
  output_tokens: bigint;
  reasoning_tokens: bigint;
  service_tier: string | null;
  api_key_id: string | null;
  customer: string | null;
  agent: string | null;
  task_id: string | null;
  session_id: string | null;
  status: string;
  metadata: unknown;
  rating_status: string;
  amount: string | null;
  currency: string | null;
  reported_cost: string | null;
  plan_version_id: string | null;
}

/**
 * One page of a tenant's events in [from, to), strictly after `after`, by keyset on (occurred_at, event_id): served by
 * the (tenant_id, occurred_at, event_id) index, stable while new events arrive, and never repeating or skipping a row.
 */
export async function listUsageEvents(
  db: DbOrTx,
  tenantId: string,
  range: UsageRange,
  page: { after: UsageEventPosition | null; limit: number },
): Promise<UsageEventPage> {
  // The row comparison includes tenant_id so it is one index condition on the whole key.
  const afterClause = page.after
    ? Prisma.sql`AND (tenant_id, occurred_at, event_id) >
        (${tenantId}::uuid, ${page.after.occurredAt}::timestamptz, ${page.after.eventId}::varchar)`
    : Prisma.empty;
  const rows = await db.$queryRaw<EventRow[]>`
    SELECT event_id, occurred_at, received_at, model_id, provider, input_tokens, cached_input_tokens,
           cache_write_tokens, output_tokens, reasoning_tokens, service_tier, api_key_id::text AS api_key_id, customer,
           agent, task_id, session_id, status::text AS status, metadata, rating_status::text AS rating_status,
           amount::text AS amount, rtrim(currency) AS currency, reported_cost::text AS reported_cost, plan_version_id::text AS plan_version_id
    FROM usage_events
    WHERE tenant_id = ${tenantId}::uuid AND occurred_at >= ${range.from} AND occurred_at < ${range.to}
      ${afterClause}
    ORDER BY occurred_at, event_id
    LIMIT ${page.limit + 1}`;
  const events = rows.slice(0, page.limit).map(toStoredEvent);
  const last = events.at(-1);
  const next = rows.length > page.limit && last ? { occurredAt: last.occurredAt, eventId: last.eventId } : null;
  return { events, next };
}

function toStoredEvent(row: EventRow): StoredUsageEvent {
  return {
    eventId: row.event_id,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    modelId: row.model_id,
    provider: row.provider,
    tokens: {
      input: row.input_tokens.toString(),
      cached_input: row.cached_input_tokens.toString(),
      cache_write: row.cache_write_tokens.toString(),
      output: row.output_tokens.toString(),
      reasoning: row.reasoning_tokens.toString(),
    },
    serviceTier: row.service_tier,
    apiKeyId: row.api_key_id,
    customer: row.customer,
    agent: row.agent,
    taskId: row.task_id,
    sessionId: row.session_id,
    status: row.status,
    metadata: row.metadata,
    ratingStatus: row.rating_status,
    // NUMERIC(65,30) text carries 30 decimals; trim them without ever passing through a float.
    amount: row.amount === null ? null : toDecimalString(money(row.amount)),
    currency: row.currency,
    reportedCost: row.reported_cost === null ? null : toDecimalString(money(row.reported_cost)),
    planVersionId: row.plan_version_id,
  };
}
