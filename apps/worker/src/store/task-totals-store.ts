import { arrayLiteral } from "@tollgate/db/bulk";
import type { PoolClient } from "pg";
import type { TaskRow } from "../rating/task-totals.ts";
import { isoText } from "../rating/iso-text.ts";
import { countColumns, typeAmountColumns } from "./increment-columns.ts";
import { prepared } from "./prepared-statement.ts";

/** A job's task total increments as the upsert's parameters: one array literal per column. */
export function taskTotalParams(rows: readonly { tenantId: string; row: TaskRow }[]): string[] {
  const plain = rows.map(({ row }) => row);
  const column = (pick: (row: TaskRow) => string) => arrayLiteral(rows.map(({ row }) => pick(row)));
  return [
    arrayLiteral(rows.map(({ tenantId }) => tenantId)),
    column((r) => isoText(r.month)),
    column((r) => r.taskId),
    column((r) => r.modelId),
    column((r) => r.agent),
    column((r) => r.firstSeen.toISOString()),
    column((r) => r.lastSeen.toISOString()),
    ...countColumns(plain),
    column((r) => r.amount.text()),
    ...typeAmountColumns(plain),
  ];
}

/**
 * Adds increments (negative ones too: re-rating moves counts) to the per-task totals. Applied from the aggregate
 * outbox right after the recording transaction commits (see aggregate-outbox.ts): written only for the rows the job
 * stored or re-rated, so a retried job adds nothing twice, and locked in one global order (tenant, month, task,
 * model) so concurrent applies queue up instead of deadlocking.
 */
export async function addToTaskTotals(client: PoolClient, params: readonly string[]): Promise<void> {
  await client.query(
    prepared(
      "worker-add-task-totals",
      `INSERT INTO usage_task_totals AS t (tenant_id, month, task_id, model_id, agent, first_seen_at, last_seen_at,
        event_count, unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
        reasoning_tokens, amount, input_amount, cached_input_amount, cache_write_amount, output_amount,
        reasoning_amount)
     SELECT x.* FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
        $7::timestamptz[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[],
        $14::bigint[], $15::numeric[], $16::numeric[], $17::numeric[], $18::numeric[], $19::numeric[],
        $20::numeric[]) AS x
     ORDER BY 1, 2, 3, 4
     ON CONFLICT (tenant_id, month, task_id, model_id) DO UPDATE SET
        agent = CASE WHEN t.agent = '' THEN EXCLUDED.agent ELSE t.agent END,
        first_seen_at = LEAST(t.first_seen_at, EXCLUDED.first_seen_at),
        last_seen_at = GREATEST(t.last_seen_at, EXCLUDED.last_seen_at),
        event_count = t.event_count + EXCLUDED.event_count,
        unrated_count = t.unrated_count + EXCLUDED.unrated_count,
        input_tokens = t.input_tokens + EXCLUDED.input_tokens,
        cached_input_tokens = t.cached_input_tokens + EXCLUDED.cached_input_tokens,
        cache_write_tokens = t.cache_write_tokens + EXCLUDED.cache_write_tokens,
        output_tokens = t.output_tokens + EXCLUDED.output_tokens,
        reasoning_tokens = t.reasoning_tokens + EXCLUDED.reasoning_tokens,
        amount = t.amount + EXCLUDED.amount,
        input_amount = t.input_amount + EXCLUDED.input_amount,
        cached_input_amount = t.cached_input_amount + EXCLUDED.cached_input_amount,
        cache_write_amount = t.cache_write_amount + EXCLUDED.cache_write_amount,
        output_amount = t.output_amount + EXCLUDED.output_amount,
        reasoning_amount = t.reasoning_amount + EXCLUDED.reasoning_amount,
        updated_at = now()`,
    ),
    [...params],
  );
}
