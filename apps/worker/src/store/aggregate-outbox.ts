import type { PoolClient } from "pg";
import { prepared } from "./prepared-statement.ts";
import { addToTaskTotals } from "./task-totals-store.ts";
import { addToTenantSpend } from "./tenant-spend-store.ts";
import { addToDailyRollups } from "./usage-writes.ts";

/**
 * Which upsert an outbox row's parameters are for. `tenant_spend` rows are written by the ledger trigger (see
 * tenant-spend-store.ts), so only the drain finds them; the others by the recording job (deferAggregates).
 */
export type DeferredAggregateKind = "daily_rollups" | "task_totals" | "tenant_spend";

/** An aggregate_outbox row; its parameters stay in the row, and the apply reads them there. */
export interface DeferredAggregate {
  /** The aggregate_outbox row (a bigint, as text). */
  id: string;
  kind: DeferredAggregateKind;
}

/**
 * In the recording transaction: stores increments to apply after the commit (plain inserts, so concurrent jobs do
 * not wait for each other here). `params` are the upsert's parameters, one array literal per column. Returns the
 * rows, for applyAggregates.
 */
export async function deferAggregates(
  client: PoolClient,
  items: readonly { kind: DeferredAggregateKind; params: readonly string[] }[],
): Promise<DeferredAggregate[]> {
  if (items.length === 0) return [];
  const values = items.map((_, index) => `($${(2 * index + 1).toString()}, $${(2 * index + 2).toString()})`);
  const { rows } = await client.query<DeferredAggregate>(
    prepared(
      `worker-defer-aggregates-${items.length.toString()}`,
      `INSERT INTO aggregate_outbox (kind, params) VALUES ${values.join(", ")} RETURNING id::text, kind`,
    ),
    // JSON, not a text[] parameter: pg escapes arrays character by character, ~10x the CPU for these sizes.
    items.flatMap((item) => [item.kind, JSON.stringify(item.params)]),
  );
  return rows;
}

/**
 * Locks those of `ids` still in the outbox, in id order (so two applies of overlapping rows cannot deadlock); a row
 * an apply holds is waited for and then found gone. Returns the locked rows: the ones this transaction applies.
 */
export async function lockAggregates(client: PoolClient, ids: readonly string[]): Promise<DeferredAggregate[]> {
  if (ids.length === 0) return [];
  const { rows } = await client.query<DeferredAggregate>(
    prepared(
      "worker-lock-aggregates",
      "SELECT id::text, kind FROM aggregate_outbox WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE",
    ),
    [ids],
  );
  return rows;
}

/**
 * Up to `limit` rows older than `olderThanMs` (left behind by a worker that stopped between a job's commit and its
 * apply), and tenant_spend rows of any age (no job applies those: the ledger trigger writes them), oldest first,
 * locked; rows another apply or drain holds are skipped.
 */
export async function lockAbandonedAggregates(
  client: PoolClient,
  olderThanMs: number,
  limit: number,
): Promise<DeferredAggregate[]> {
  const { rows } = await client.query<DeferredAggregate>(
    prepared(
      "worker-lock-abandoned-aggregates",
      `SELECT id::text, kind FROM aggregate_outbox
        WHERE created_at < now() - $1::integer * interval '1 millisecond' OR kind = 'tenant_spend'
        ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
    ),
    [olderThanMs, limit],
  );
  return rows;
}

/**
 * Applies rows this transaction has locked (lockAggregates, lockAbandonedAggregates) and deletes them, all in the
 * caller's transaction: once, since a committed apply leaves no row to apply again. The increments of every row are
 * summed per key in Postgres, so N jobs' rows cost one upsert per table, each touching a hot row once. Task totals
 * first, then daily rollups, then tenant spend: the same table order in every apply, so concurrent applies queue,
 * never deadlock.
 */
export async function applyLockedAggregates(client: PoolClient, locked: readonly DeferredAggregate[]): Promise<void> {
  const idsOf = (kind: DeferredAggregateKind) => locked.filter((row) => row.kind === kind).map((row) => row.id);
  const tasks = idsOf("task_totals");
  const daily = idsOf("daily_rollups");
  if (tasks.length > 0) await addToTaskTotals(client, tasks);
  if (daily.length > 0) await addToDailyRollups(client, daily);
  const spend = idsOf("tenant_spend");
  if (spend.length > 0) await addToTenantSpend(client, spend);
}
