import { money, roundToMinorUnit, toDecimalString, type TokenType } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { Prisma } from "@tollgate/db";
import { taskCurrency } from "./task-month.ts";

export const MAX_TASKS_PAGE = 200;

export interface TaskSummary {
  taskId: string;
  /** The first agent seen for the task (null: none sent). */
  agent: string | null;
  /** Models the task used, costliest first. */
  models: string[];
  firstSeenAt: Date;
  lastSeenAt: Date;
  eventCount: string;
  unratedCount: string;
  tokens: Record<TokenType, string>;
  totalTokens: string;
  /** Rated amount, full precision; roundedAmount to the currency's minor unit. */
  amount: string;
  roundedAmount: string;
}

/** Where a page ended: the last task's amount and id (amounts descend, ids ascend within one amount). */
export interface TaskPosition {
  amount: string;
  taskId: string;
}

export interface TasksPage {
  currency: string;
  tasks: TaskSummary[];
  next: TaskPosition | null;
}

interface TaskRow {
  task_id: string;
  agent: string | null;
  models: string[] | null;
  first_seen_at: Date;
  last_seen_at: Date;
  event_count: bigint;
  unrated_count: bigint;
  input: bigint;
  cached_input: bigint;
  cache_write: bigint;
  output: bigint;
  reasoning: bigint;
  amount: { toString(): string };
}

/**
 * The month's most expensive agent tasks of one tenant (optionally one agent's), from usage_task_totals (written by
 * the worker, never a scan of events): amount descending, then task id, a page of `limit` after `after`.
 */
export async function listTasks(
  db: DbOrTx,
  tenantId: string,
  options: { month: Date; agent?: string | undefined; limit: number; after?: TaskPosition | null | undefined },
): Promise<TasksPage> {
  const { month, agent, limit, after } = options;
  const agentFilter = agent === undefined ? Prisma.empty : Prisma.sql`AND agent = ${agent}`;
  const afterFilter = after
    ? Prisma.sql`HAVING sum(amount) < ${after.amount}::numeric
                   OR (sum(amount) = ${after.amount}::numeric AND task_id > ${after.taskId})`
    : Prisma.empty;
  const [rows, currency] = await Promise.all([
    db.$queryRaw<TaskRow[]>`
      SELECT task_id, min(NULLIF(agent, '')) AS agent,
             array_agg(model_id ORDER BY amount DESC, model_id) FILTER (WHERE event_count > 0) AS models,
             min(first_seen_at) AS first_seen_at, max(last_seen_at) AS last_seen_at,
             sum(event_count)::bigint AS event_count, sum(unrated_count)::bigint AS unrated_count,
             sum(input_tokens)::bigint AS input, sum(cached_input_tokens)::bigint AS cached_input,
             sum(cache_write_tokens)::bigint AS cache_write, sum(output_tokens)::bigint AS output,
             sum(reasoning_tokens)::bigint AS reasoning, sum(amount) AS amount
      FROM usage_task_totals
      WHERE tenant_id = ${tenantId}::uuid AND month = ${month} ${agentFilter}
      GROUP BY task_id
      ${afterFilter}
      ORDER BY sum(amount) DESC, task_id
      LIMIT ${limit + 1}`,
    taskCurrency(db, tenantId, month),
  ]);
  const page = rows.slice(0, limit).map((row) => taskSummary(row, currency));
  const last = page.at(-1);
  return {
    currency,
    tasks: page,
    next: rows.length > limit && last ? { amount: last.amount, taskId: last.taskId } : null,
  };
}

function taskSummary(row: TaskRow, currency: string): TaskSummary {
  const tokens = {
    input: row.input,
    cached_input: row.cached_input,
    cache_write: row.cache_write,
    output: row.output,
    reasoning: row.reasoning,
  };
  const amount = money(row.amount.toString());
  return {
    taskId: row.task_id,
    agent: row.agent,
    models: row.models ?? [],
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    eventCount: row.event_count.toString(),
    unratedCount: row.unrated_count.toString(),
    tokens: {
      input: tokens.input.toString(),
      cached_input: tokens.cached_input.toString(),
      cache_write: tokens.cache_write.toString(),
      output: tokens.output.toString(),
      reasoning: tokens.reasoning.toString(),
    },
    totalTokens: (
      tokens.input +
      tokens.cached_input +
      tokens.cache_write +
      tokens.output +
      tokens.reasoning
    ).toString(),
    amount: toDecimalString(amount),
    roundedAmount: toDecimalString(roundToMinorUnit(amount, currency)),
  };
}
