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

/** What the list is ordered by, descending (ties: task id ascending). */
export const TASK_SORTS = ["amount", "tokens", "events", "last_seen"] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

/**
 * Where a page ended: the last task's sort value (a decimal string, or an ISO instant for last_seen) and its id
 * (values descend, ids ascend within one value).
 */
export interface TaskPosition {
  value: string;
  taskId: string;
}

export interface TasksPage {
  currency: string;
  tasks: TaskSummary[];
  next: TaskPosition | null;
  /** Every agent with a task in the month (whatever the filters), for an agent filter. */
  agents: string[];
}

const MAX_AGENTS = 200;

/**
 * Each sort's value: over a task's per-model rows (`aggregate`, usage_task_totals) and on its row of
 * usage_task_month_totals (`column`, the same sums kept by triggers); and the type its cursor value is compared as.
 */
const SORT_SQL: Record<TaskSort, { aggregate: Prisma.Sql; column: Prisma.Sql; cast: Prisma.Sql }> = {
  amount: { aggregate: Prisma.sql`sum(amount)`, column: Prisma.sql`amount`, cast: Prisma.sql`numeric` },
  tokens: {
    aggregate: Prisma.sql`sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens + reasoning_tokens)`,
    column: Prisma.sql`(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens + reasoning_tokens)`,
    cast: Prisma.sql`numeric`,
  },
  events: { aggregate: Prisma.sql`sum(event_count)`, column: Prisma.sql`event_count`, cast: Prisma.sql`numeric` },
  last_seen: {
    aggregate: Prisma.sql`max(last_seen_at)`,
    column: Prisma.sql`last_seen_at`,
    cast: Prisma.sql`timestamptz`,
  },
};

/** The value a task is sorted by, as its cursor carries it. */
export function taskSortValue(task: TaskSummary, sort: TaskSort): string {
  switch (sort) {
    case "amount":
      return task.amount;
    case "tokens":
      return task.totalTokens;
    case "events":
      return task.eventCount;
    case "last_seen":
      return task.lastSeenAt.toISOString();
  }
}

/** A LIKE pattern matching ids that start with `prefix` literally (its %, _ and \ are not wildcards). */
export function taskIdPrefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
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
 * The month's agent tasks of one tenant (optionally one agent's, or those whose id starts with a prefix), from the
 * worker's task totals (never a scan of events): by `sort` descending (default the amount), then task id, a page of
 * `limit` after `after`. Ranked on usage_task_month_totals (one row per task), whose amount index gives the default
 * order's pages without summing the month; with an agent filter, on the per-model rows of that agent (a task's rows
 * may name different agents, and the filter selects rows).
 */
export async function listTasks(
  db: DbOrTx,
  tenantId: string,
  options: {
    month: Date;
    agent?: string | undefined;
    taskIdPrefix?: string | undefined;
    sort?: TaskSort | undefined;
    limit: number;
    after?: TaskPosition | null | undefined;
  },
): Promise<TasksPage> {
  const { month, agent, taskIdPrefix, sort = "amount", limit, after } = options;
  const [rows, currency, agents] = await Promise.all([
    agent === undefined
      ? rankedTasks(db, tenantId, { month, taskIdPrefix, sort, limit, after })
      : agentTasks(db, tenantId, { month, agent, taskIdPrefix, sort, limit, after }),
    taskCurrency(db, tenantId, month),
    monthAgents(db, tenantId, month),
  ]);
  const page = rows.slice(0, limit).map((row) => taskSummary(row, currency));
  const last = page.at(-1);
  return {
    currency,
    tasks: page,
    next: rows.length > limit && last ? { value: taskSortValue(last, sort), taskId: last.taskId } : null,
    agents,
  };
}

interface TaskQuery {
  month: Date;
  taskIdPrefix?: string | undefined;
  sort: TaskSort;
  limit: number;
  after?: TaskPosition | null | undefined;
}

function prefixFilter(taskIdPrefix: string | undefined): Prisma.Sql {
  return taskIdPrefix ? Prisma.sql`AND task_id LIKE ${taskIdPrefixPattern(taskIdPrefix)}` : Prisma.empty;
}

/** `limit + 1` tasks of the month from their per-task rows, then the models of those only (costliest first). */
async function rankedTasks(db: DbOrTx, tenantId: string, query: TaskQuery): Promise<TaskRow[]> {
  const { column, cast } = SORT_SQL[query.sort];
  const after = query.after;
  const afterValue = after ? Prisma.sql`${after.value}::${cast}` : Prisma.empty;
  const afterFilter = after
    ? Prisma.sql`AND (${column} < ${afterValue} OR (${column} = ${afterValue} AND task_id > ${after.taskId}))`
    : Prisma.empty;
  const tasks = await db.$queryRaw<Omit<TaskRow, "models">[]>`
    SELECT task_id, NULLIF(agent, '') AS agent, first_seen_at, last_seen_at, event_count, unrated_count,
           input_tokens AS input, cached_input_tokens AS cached_input, cache_write_tokens AS cache_write,
           output_tokens AS output, reasoning_tokens AS reasoning, amount
      FROM usage_task_month_totals
     WHERE tenant_id = ${tenantId}::uuid AND month = ${query.month} ${prefixFilter(query.taskIdPrefix)} ${afterFilter}
     ORDER BY ${column} DESC, task_id
     LIMIT ${query.limit + 1}`;
  if (tasks.length === 0) return [];
  const models = await db.$queryRaw<{ task_id: string; models: string[] | null }[]>`
    SELECT task_id, array_agg(model_id ORDER BY amount DESC, model_id) FILTER (WHERE event_count > 0) AS models
      FROM usage_task_totals
     WHERE tenant_id = ${tenantId}::uuid AND month = ${query.month}
       AND task_id = ANY(${tasks.map((task) => task.task_id)}::text[])
     GROUP BY task_id`;
  const byTask = new Map(models.map((row) => [row.task_id, row.models]));
  return tasks.map((task) => ({ ...task, models: byTask.get(task.task_id) ?? null }));
}

/** `limit + 1` tasks of the month summed over their per-model rows of `agent`. */
async function agentTasks(db: DbOrTx, tenantId: string, query: TaskQuery & { agent: string }): Promise<TaskRow[]> {
  const { aggregate, cast } = SORT_SQL[query.sort];
  const after = query.after;
  const afterValue = after ? Prisma.sql`${after.value}::${cast}` : Prisma.empty;
  const afterFilter = after
    ? Prisma.sql`HAVING ${aggregate} < ${afterValue} OR (${aggregate} = ${afterValue} AND task_id > ${after.taskId})`
    : Prisma.empty;
  return db.$queryRaw<TaskRow[]>`
    SELECT task_id, min(NULLIF(agent, '')) AS agent,
           array_agg(model_id ORDER BY amount DESC, model_id) FILTER (WHERE event_count > 0) AS models,
           min(first_seen_at) AS first_seen_at, max(last_seen_at) AS last_seen_at,
           sum(event_count)::bigint AS event_count, sum(unrated_count)::bigint AS unrated_count,
           sum(input_tokens)::bigint AS input, sum(cached_input_tokens)::bigint AS cached_input,
           sum(cache_write_tokens)::bigint AS cache_write, sum(output_tokens)::bigint AS output,
           sum(reasoning_tokens)::bigint AS reasoning, sum(amount) AS amount
    FROM usage_task_totals
    WHERE tenant_id = ${tenantId}::uuid AND month = ${query.month} AND agent = ${query.agent}
      ${prefixFilter(query.taskIdPrefix)}
    GROUP BY task_id
    ${afterFilter}
    ORDER BY ${aggregate} DESC, task_id
    LIMIT ${query.limit + 1}`;
}

/**
 * Every agent with a task in the month (the first MAX_AGENTS), one index probe each (a skip scan of the agent index,
 * written as a recursive query), where DISTINCT read every row of the month. agent > '' is agent <> '': the empty
 * text sorts before any other in every collation.
 */
async function monthAgents(db: DbOrTx, tenantId: string, month: Date): Promise<string[]> {
  const rows = await db.$queryRaw<{ agent: string }[]>`
    WITH RECURSIVE agents AS (
      (SELECT agent FROM usage_task_totals
        WHERE tenant_id = ${tenantId}::uuid AND month = ${month} AND agent > ''
        ORDER BY agent LIMIT 1)
      UNION ALL
      SELECT (SELECT t.agent FROM usage_task_totals t
               WHERE t.tenant_id = ${tenantId}::uuid AND t.month = ${month} AND t.agent > agents.agent
               ORDER BY t.agent LIMIT 1)
        FROM agents WHERE agents.agent IS NOT NULL
    )
    SELECT agent FROM agents WHERE agent IS NOT NULL LIMIT ${MAX_AGENTS}`;
  return rows.map((row) => row.agent);
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
