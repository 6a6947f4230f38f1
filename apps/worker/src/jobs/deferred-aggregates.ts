import type { Pool } from "pg";
import { applyDeferredAggregate, lockAbandonedAggregate, type DeferredAggregate } from "../store/aggregate-outbox.ts";
import { inTransaction } from "../store/transaction.ts";
import { startPollingLoop, type PollingLoop } from "./polling-loop.ts";

/*
 * The daily rollups and the task totals are applied after the recording transaction, not in it. Every job adds to
 * the same hot rows (a busy tenant's current day, its long-running tasks), and a row written in the recording
 * transaction stays locked until its commit, behind the ledger and the hourly rollups: measured, that serialized
 * concurrent jobs and halved the worker's throughput (docs/benchmarks.md, 2026-12-06). The recording transaction
 * stores the increments in aggregate_outbox instead, and each is applied in a short transaction of its own.
 */

/**
 * Right after the recording transaction's commit: applies its deferred increments, in one short transaction that
 * commits without waiting for its WAL flush (synchronous_commit off). That is safe here: a crash that loses this
 * commit loses the outbox rows' deletion with it (all or nothing), so the drain applies them again, exactly once.
 */
export async function applyDeferredAggregates(pool: Pool, items: readonly DeferredAggregate[]): Promise<void> {
  if (items.length === 0) return;
  await inTransaction(pool, async (client) => {
    await client.query("SET LOCAL synchronous_commit = off");
    for (const item of items) await applyDeferredAggregate(client, item);
  });
}

/**
 * Applies every outbox row older than `olderThanMs`, one per transaction: the ones a worker left behind when it
 * stopped (or failed) between a job's commit and its apply. Returns how many it applied.
 */
export async function drainAggregateOutbox(pool: Pool, olderThanMs: number): Promise<number> {
  let applied = 0;
  for (;;) {
    const done = await inTransaction(pool, async (client) => {
      const item = await lockAbandonedAggregate(client, olderThanMs);
      return item ? applyDeferredAggregate(client, item) : undefined;
    });
    if (done === undefined) return applied;
    if (done) applied += 1;
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
