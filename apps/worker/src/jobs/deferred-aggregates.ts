import type { Pool } from "pg";
import {
  applyLockedAggregates,
  lockAbandonedAggregates,
  lockAggregates,
  type DeferredAggregate,
} from "../store/aggregate-outbox.ts";
import { inTransaction } from "../store/transaction.ts";
import { startPollingLoop, type PollingLoop } from "./polling-loop.ts";

/*
 * The daily rollups and the task totals are applied after the recording transaction, not in it. Every job adds to
 * the same hot rows (a busy tenant's current day, its long-running tasks), and a row written in the recording
 * transaction stays locked until its commit, behind the ledger and the hourly rollups: measured, that serialized
 * concurrent jobs and halved the worker's throughput (docs/benchmarks.md, 2026-12-06). The recording transaction
 * stores the increments in aggregate_outbox instead; each job applies its own in a short transaction right after
 * the commit (a process-wide applier taking several jobs' rows at once was tried and measured no better: the lag p99
 * rose, docs/benchmarks.md 2026-12-07), and the drain applies leftovers many at a time.
 */

/**
 * Applies deferred increments of committed transactions (those of `items` still in the outbox), all in one short
 * transaction that commits without waiting for its WAL flush (synchronous_commit off). That is safe here: a crash
 * that loses this commit loses the outbox rows' deletion with it (all or nothing), so the drain applies them again,
 * exactly once. Returns how many rows it applied (rows another apply or the drain took are not counted).
 */
export async function applyDeferredAggregates(pool: Pool, items: readonly DeferredAggregate[]): Promise<number> {
  if (items.length === 0) return 0;
  return inTransaction(pool, async (client) => {
    await client.query("SET LOCAL synchronous_commit = off");
    const locked = await lockAggregates(
      client,
      items.map((item) => item.id),
    );
    await applyLockedAggregates(client, locked);
    return locked.length;
  });
}

/** Outbox rows the drain applies per transaction: many jobs' rows summed into one upsert per table. */
const DRAIN_BATCH = 200;

/**
 * Applies every outbox row older than `olderThanMs`, in batches: the ones a worker left behind when it stopped (or
 * failed) between a job's commit and its apply; and the ledger trigger's tenant_spend rows, which only the drain
 * applies. Returns how many left-behind rows it applied (the tenant_spend rows are routine, not counted).
 */
export async function drainAggregateOutbox(pool: Pool, olderThanMs: number): Promise<number> {
  let applied = 0;
  for (;;) {
    const locked = await inTransaction(pool, async (client) => {
      const rows = await lockAbandonedAggregates(client, olderThanMs, DRAIN_BATCH);
      await applyLockedAggregates(client, rows);
      return rows;
    });
    if (locked.length === 0) return applied;
    applied += locked.filter((row) => row.kind !== "tenant_spend").length;
  }
}

/**
 * Rows younger than this are left to the job that wrote them, which applies them right after its commit (the drain
 * sees only committed rows, so this is just the gap between a commit and its apply, with margin). Applying one
 * anyway would be harmless: the job's own apply would then find it gone.
 */
const ABANDONED_AFTER_MS = 5_000;

/** Drains the aggregate outbox at start and then every `intervalMs`; errors are reported and the next tick retries. */
export function startAggregateOutboxDrain(options: {
  pool: Pool;
  intervalMs: number;
  onApplied: (count: number) => void;
  onError: (error: unknown) => void;
}): PollingLoop {
  return startPollingLoop(
    async () => {
      const applied = await drainAggregateOutbox(options.pool, ABANDONED_AFTER_MS);
      if (applied > 0) options.onApplied(applied);
    },
    options.intervalMs,
    options.onError,
  );
}
