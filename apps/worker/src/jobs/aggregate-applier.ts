import type { Pool } from "pg";
import type { DeferredAggregate } from "../store/aggregate-outbox.ts";
import { applyDeferredAggregates } from "./deferred-aggregates.ts";
import { GroupCommitter } from "./group-commit.ts";

/** Outbox rows one apply takes at most (two per job: its daily rollups and its task totals). */
const MAX_ROWS_PER_APPLY = 64;

/**
 * Applies the worker's deferred aggregates one transaction at a time, each taking every job's rows waiting by
 * then (group commit for the apply). Every job of a busy tenant adds to the same daily rows and task totals, so
 * concurrent applies only queue on those rows (measured: the daily upsert was the costliest statement, mostly
 * waiting); summed into one upsert per table, N waiting jobs touch each hot row once, and the apply keeps up with
 * any load by taking more jobs per transaction. It holds one connection while it runs.
 */
export class AggregateApplier {
  private readonly committer: GroupCommitter<readonly DeferredAggregate[]>;

  constructor(pool: Pool, maxRowsPerApply = MAX_ROWS_PER_APPLY) {
    this.committer = new GroupCommitter({
      maxInFlight: 1,
      maxSize: maxRowsPerApply,
      sizeOf: (items) => items.length,
      run: async (groups) => {
        await applyDeferredAggregates(pool, groups.flat());
      },
    });
  }

  /**
   * Settles once `items` are applied (by this apply, or by the drain if it took them first). A rejection leaves
   * them in the outbox, for the drain.
   */
  apply(items: readonly DeferredAggregate[]): Promise<void> {
    return items.length === 0 ? Promise.resolve() : this.committer.submit(items);
  }
}
