import type { PoolClient } from "pg";
import { prepared } from "./prepared-statement.ts";
import { addToTaskTotals } from "./task-totals-store.ts";
import { addToDailyRollups } from "./usage-writes.ts";

/** Which upsert an outbox row's parameters are for. */
export type DeferredAggregateKind = "daily_rollups" | "task_totals";

export interface DeferredAggregate {
  /** The aggregate_outbox row (a bigint, as text). */
  id: string;
  kind: DeferredAggregateKind;
  /** The upsert's parameters: one array literal per column. */
  params: string[];
}

const UPSERT_OF: Record<DeferredAggregateKind, (client: PoolClient, params: readonly string[]) => Promise<void>> = {
  daily_rollups: addToDailyRollups,
  task_totals: addToTaskTotals,
};

/**
 * In the recording transaction: stores increments to apply after the commit (plain inserts, so concurrent jobs do
 * not wait for each other here). Returns them with their rows' ids, for applyDeferredAggregate.
 */
export async function deferAggregates(
  client: PoolClient,
  items: readonly Omit<DeferredAggregate, "id">[],
): Promise<DeferredAggregate[]> {
  if (items.length === 0) return [];
  const values = items.map((_, index) => `($${(2 * index + 1).toString()}, $${(2 * index + 2).toString()})`);
  const { rows } = await client.query<{ id: string; kind: DeferredAggregateKind }>(
    prepared(
      `worker-defer-aggregates-${items.length.toString()}`,
      `INSERT INTO aggregate_outbox (kind, params) VALUES ${values.join(", ")} RETURNING id::text, kind`,
    ),
    // JSON, not a text[] parameter: pg escapes arrays character by character, ~10x the CPU for these sizes.
    items.flatMap((item) => [item.kind, JSON.stringify(item.params)]),
  );
  // At most one row per kind in a call, so the kind names the row.
  return rows.map((row) => ({ id: row.id, kind: row.kind, params: itemOf(items, row.kind).params }));
}

function itemOf(items: readonly Omit<DeferredAggregate, "id">[], kind: DeferredAggregateKind) {
  const item = items.find((candidate) => candidate.kind === kind);
  if (!item) throw new Error(`aggregate_outbox returned a ${kind} row that was not inserted`);
  return item;
}

/**
 * Applies one outbox row in the caller's transaction, at most once: the row is deleted first, which also locks it,
 * so a concurrent apply of the same row (the drain) waits and then finds nothing. Returns whether it applied.
 */
export async function applyDeferredAggregate(client: PoolClient, item: DeferredAggregate): Promise<boolean> {
  const taken = await client.query(prepared("worker-take-aggregate", "DELETE FROM aggregate_outbox WHERE id = $1"), [
    item.id,
  ]);
  if (taken.rowCount === 0) return false;
  await UPSERT_OF[item.kind](client, item.params);
  return true;
}

/**
 * The oldest row older than `olderThanMs` (left behind by a worker that stopped between a job's commit and its
 * apply), locked; rows another drain holds are skipped.
 */
export async function lockAbandonedAggregate(
  client: PoolClient,
  olderThanMs: number,
): Promise<DeferredAggregate | undefined> {
  const { rows } = await client.query<{ id: string; kind: DeferredAggregateKind; params: string }>(
    prepared(
      "worker-lock-abandoned-aggregate",
      `SELECT id::text, kind, params FROM aggregate_outbox
        WHERE created_at < now() - $1::integer * interval '1 millisecond'
        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    ),
    [olderThanMs],
  );
  const row = rows[0];
  return row ? { id: row.id, kind: row.kind, params: parseParams(row.params) } : undefined;
}

function parseParams(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === "string")) {
    throw new Error("aggregate_outbox.params is not a JSON array of strings");
  }
  return parsed;
}
