import { arrayLiteral, copyOptionalText, copyRows } from "@tollgate/db/bulk";
import { formatUnits, toDecimalString } from "@tollgate/domain";
import type { PoolClient } from "pg";
import type { RollupRow } from "../rating/aggregate-usage.ts";
import type { KeyedLedgerLine } from "../rating/charge-entries.ts";
import type { TenantRated } from "../rating/charges.ts";
import { isoText } from "../rating/iso-text.ts";
import type { RatedUsage } from "../rating/rate-usage.ts";
import { countColumns, typeAmountColumns } from "./increment-columns.ts";
import { COUNT_COLUMNS, sums, TAKE_OUTBOX_ROWS, takenIncrements, TYPE_AMOUNT_COLUMNS } from "./outbox-increments.ts";
import { prepared } from "./prepared-statement.ts";

/** COPY's NULL in text format. */
const NULL = "\\N";

const EVENT_COLUMNS = `tenant_id, event_id, occurred_at, received_at, model_id, provider, input_tokens,
  cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, service_tier, api_key_id, customer, agent,
  task_id, session_id, status, metadata, rating_status, amount, currency, plan_version_id, rated_at, reported_cost,
  cost, pricing_rule, requested_model`;

/**
 * Writes the events with one COPY. COPY has no ON CONFLICT: an event stored before (a retried job, a client's
 * resend) fails it with unique_violation, and the caller redoes the job after dropping the stored events. That
 * keeps the common case, all events new, at the cost of a bare COPY.
 */
export async function copyEvents(client: PoolClient, tenants: readonly TenantRated[]): Promise<void> {
  const ratedAt = new Date().toISOString();
  const text = copyOptionalText;
  // One string per row, built directly: uuids, timestamps, counts, enums and decimal strings never need escaping.
  function* rows(): Generator<string> {
    for (const { tenantId, rated } of tenants) {
      for (const r of rated) {
        const { event, tokens, rating } = r;
        const row =
          `${tenantId}\t${text(event.id)}\t${r.occurredAtText}\t${r.receivedAt}\t${text(r.modelId)}\t` +
          `${text(event.provider)}\t${tokens.input.toString()}\t${tokens.cached_input.toString()}\t` +
          `${tokens.cache_write.toString()}\t${tokens.output.toString()}\t${tokens.reasoning.toString()}\t` +
          `${text(event.service_tier)}\t${r.apiKeyId ?? NULL}\t${text(event.customer)}\t${text(event.agent)}\t` +
          `${text(event.task_id)}\t${text(event.session_id)}\t${event.status}\t` +
          `${event.metadata ? text(JSON.stringify(event.metadata)) : NULL}\t${rating.status}\t`;
        yield rating.status === "rated"
          ? `${row}${amountText(rating)}\t${text(rating.currency)}\t${rating.planVersionId}\t${ratedAt}\t` +
            `${event.reported_cost ?? NULL}\t${costText(rating)}\t` +
            `${text(rating.rule)}\t${text(r.requestedModel)}\n`
          : `${row}${NULL}\t${NULL}\t${NULL}\t${NULL}\t${event.reported_cost ?? NULL}\t${NULL}\t${NULL}\t` +
            `${text(r.requestedModel)}\n`;
      }
    }
  }
  await copyRows(client, `COPY usage_events (${EVENT_COLUMNS}) FROM STDIN`, rows());
}

function amountText(rating: RatedUsage): string {
  return rating.amountUnits === undefined ? toDecimalString(rating.amount) : formatUnits(rating.amountUnits);
}

function costText(rating: RatedUsage): string {
  if (rating.costUnits !== undefined) return formatUnits(rating.costUnits);
  return rating.cost ? toDecimalString(rating.cost) : NULL;
}

export async function appendLedgerLines(client: PoolClient, lines: readonly KeyedLedgerLine[]): Promise<void> {
  if (lines.length === 0) return;
  await client.query(
    prepared(
      "worker-append-ledger",
      `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
        idempotency_key, plan_version_id, description)
     SELECT l.tenant_id, 'usage_charge', l.amount::numeric, l.currency, l.model_id, l.token_type::token_type,
        l.quantity, l.hour, l.idempotency_key, l.plan_version_id::uuid, l.description
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::timestamptz[],
                   $8::text[], $9::text[], $10::text[])
         AS l(tenant_id, amount, currency, model_id, token_type, quantity, hour, idempotency_key, plan_version_id,
              description)
     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
    ),
    [
      arrayLiteral(lines.map((l) => l.tenantId)),
      arrayLiteral(lines.map((l) => l.amount.text())),
      arrayLiteral(lines.map((l) => l.currency)),
      arrayLiteral(lines.map((l) => l.modelId)),
      arrayLiteral(lines.map((l) => l.tokenType)),
      arrayLiteral(lines.map((l) => l.quantity.toString())),
      arrayLiteral(lines.map((l) => isoText(l.hour))),
      arrayLiteral(lines.map((l) => l.idempotencyKey)),
      arrayLiteral(lines.map((l) => l.planVersionId)),
      arrayLiteral(lines.map((l) => l.description)),
    ],
  );
}

/** The job's rollup increments as rows (one array parameter per column), for the hourly upsert. */
const ROLLUP_INCREMENT_ROWS = `unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[],
        $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[],
        $14::numeric[], $15::numeric[], $16::numeric[], $17::numeric[], $18::numeric[], $19::numeric[],
        $20::numeric[])`;

/** What an upsert adds to an existing rollup row: every count and sum, hourly and daily alike. */
const ADD_ROLLUP_INCREMENTS = `event_count = r.event_count + EXCLUDED.event_count,
        unrated_count = r.unrated_count + EXCLUDED.unrated_count,
        input_tokens = r.input_tokens + EXCLUDED.input_tokens,
        cached_input_tokens = r.cached_input_tokens + EXCLUDED.cached_input_tokens,
        cache_write_tokens = r.cache_write_tokens + EXCLUDED.cache_write_tokens,
        output_tokens = r.output_tokens + EXCLUDED.output_tokens,
        reasoning_tokens = r.reasoning_tokens + EXCLUDED.reasoning_tokens,
        amount = r.amount + EXCLUDED.amount,
        cost = r.cost + EXCLUDED.cost,
        input_amount = r.input_amount + EXCLUDED.input_amount,
        cached_input_amount = r.cached_input_amount + EXCLUDED.cached_input_amount,
        cache_write_amount = r.cache_write_amount + EXCLUDED.cache_write_amount,
        output_amount = r.output_amount + EXCLUDED.output_amount,
        reasoning_amount = r.reasoning_amount + EXCLUDED.reasoning_amount,
        updated_at = now()`;

/** A job's rollup increments as the upserts' parameters: one array literal per column of ROLLUP_INCREMENT_ROWS. */
export function rollupIncrementParams(rows: readonly { tenantId: string; row: RollupRow }[]): string[] {
  const plain = rows.map(({ row }) => row);
  const column = (pick: (row: RollupRow) => string) => arrayLiteral(rows.map(({ row }) => pick(row)));
  return [
    arrayLiteral(rows.map(({ tenantId }) => tenantId)),
    column((r) => isoText(r.hour)),
    column((r) => r.modelId),
    column((r) => r.apiKeyId),
    column((r) => r.customer),
    column((r) => r.agent),
    ...countColumns(plain),
    column((r) => r.amount.text()),
    column((r) => r.cost.text()),
    ...typeAmountColumns(plain),
  ];
}

/**
 * Adds increments (negative ones too: re-rating moves counts) to the hourly rollups, in the recording transaction.
 * Rows are locked in one global order (tenant, hour, model, key, customer, agent), so concurrent jobs queue up instead
 * of deadlocking. The amounts per token type stay null in rows written before they existed (null + x): unknown
 * there, never a false zero.
 */
export async function addToHourlyRollups(client: PoolClient, params: readonly string[]): Promise<void> {
  await client.query(
    prepared(
      "worker-add-rollups",
      `INSERT INTO usage_rollups_hourly AS r (tenant_id, hour, model_id, api_key_id, customer, agent, event_count,
        unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount,
        cost, input_amount, cached_input_amount, cache_write_amount, output_amount, reasoning_amount)
     SELECT x.* FROM ${ROLLUP_INCREMENT_ROWS} AS x
     ORDER BY 1, 2, 3, 4, 5, 6
     ON CONFLICT (tenant_id, hour, model_id, api_key_id, customer, agent) DO UPDATE SET
        ${ADD_ROLLUP_INCREMENTS}`,
    ),
    [...params],
  );
}

const ROLLUP_INCREMENT_COLUMNS = [
  ["tenant_id", "uuid"],
  ["hour", "timestamptz"],
  ["model_id", "text"],
  ["api_key_id", "text"],
  ["customer", "text"],
  ["agent", "text"],
  ...COUNT_COLUMNS,
  ["amount", "numeric"],
  ["cost", "numeric"],
  ...TYPE_AMOUNT_COLUMNS,
] as const;

/**
 * The hourly increments of the daily_rollups outbox rows `ids` (locked by the caller; deleted here), summed per UTC
 * day (see usage_rollups_daily) and added to the daily rollups. Applied from the aggregate outbox after the recording
 * transaction commits (see aggregate-outbox.ts), so daily rows equal the sum of their hourly rows once the job is
 * done. Summed per key because ON CONFLICT cannot touch a row twice in one statement (several hours, several jobs);
 * locked in the same global order as the hourly rows, so concurrent applies cannot deadlock.
 */
export async function addToDailyRollups(client: PoolClient, ids: readonly string[]): Promise<void> {
  await client.query(
    prepared(
      "worker-add-daily-rollups",
      `WITH ${TAKE_OUTBOX_ROWS}
     INSERT INTO usage_rollups_daily AS r (tenant_id, day, model_id, api_key_id, customer, agent, event_count,
        unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount,
        cost, input_amount, cached_input_amount, cache_write_amount, output_amount, reasoning_amount)
     SELECT x.tenant_id, date_trunc('day', x.hour, 'UTC'), x.model_id, x.api_key_id, x.customer, x.agent,
        ${sums(COUNT_COLUMNS)}, sum(x.amount), sum(x.cost), ${sums(TYPE_AMOUNT_COLUMNS)}
     FROM ${takenIncrements(ROLLUP_INCREMENT_COLUMNS)}
     GROUP BY 1, 2, 3, 4, 5, 6
     ORDER BY 1, 2, 3, 4, 5, 6
     ON CONFLICT (tenant_id, day, model_id, api_key_id, customer, agent) DO UPDATE SET
        ${ADD_ROLLUP_INCREMENTS}`,
    ),
    [ids],
  );
}
