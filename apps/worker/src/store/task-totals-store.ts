import { arrayLiteral } from "@tollgate/db/bulk";
import type { PoolClient } from "pg";
import type { TaskRow } from "../rating/task-totals.ts";
import { isoText } from "../rating/iso-text.ts";
import { countColumns, typeAmountColumns } from "./increment-columns.ts";
import { COUNT_COLUMNS, sums, TAKE_OUTBOX_ROWS, takenIncrements, TYPE_AMOUNT_COLUMNS } from "./outbox-increments.ts";
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

const TASK_INCREMENT_COLUMNS = [
  ["tenant_id", "uuid"],
  ["month", "timestamptz"],
  ["task_id", "text"],
  ["model_id", "text"],
  ["agent", "text"],
  ["first_seen_at", "timestamptz"],
  ["last_seen_at", "timestamptz"],
  ...COUNT_COLUMNS,
  ["amount", "numeric"],
  ...TYPE_AMOUNT_COLUMNS,
] as const;

/**
 * Adds the increments of the task_totals outbox rows `ids` (locked by the caller; deleted here) to the per-task
 * totals. Negative ones too: re-rating moves counts. Applied from the aggregate outbox after the recording
 * transaction commits (see aggregate-outbox.ts): written only for the rows the job stored or re-rated, so a retried
 * job adds nothing twice. Summed per key first (several jobs' rows in one statement; ON CONFLICT cannot touch a row
 * twice), keeping the first non-empty agent in the order the jobs wrote them, and locked in one global order
 * (tenant, month, task, model) so concurrent applies queue up instead of deadlocking.
 */
export async function addToTaskTotals(client: PoolClient, ids: readonly string[]): Promise<void> {
  await client.query(
    prepared(
      "worker-add-task-totals",
      `WITH ${TAKE_OUTBOX_ROWS}
     INSERT INTO usage_task_totals AS t (tenant_id, month, task_id, model_id, agent, first_seen_at, last_seen_at,
        event_count, unrated_count, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
        reasoning_tokens, amount, input_amount, cached_input_amount, cache_write_amount, output_amount,
        reasoning_amount)
     SELECT x.tenant_id, x.month, x.task_id, x.model_id,
        coalesce((array_agg(x.agent ORDER BY taken.id, x.ord) FILTER (WHERE x.agent <> ''))[1], ''),
        min(x.first_seen_at), max(x.last_seen_at), ${sums(COUNT_COLUMNS)}, sum(x.amount),
        ${sums(TYPE_AMOUNT_COLUMNS)}
     FROM ${takenIncrements(TASK_INCREMENT_COLUMNS)}
     GROUP BY 1, 2, 3, 4
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
    [ids],
  );
}
