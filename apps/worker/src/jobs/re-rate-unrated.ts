import { createHash } from "node:crypto";
import type { StateSpend, SpendLimits } from "@tollgate/queues";
import type { Pool, PoolClient } from "pg";
import type { RollupRow } from "../rating/aggregate-usage.ts";
import { computeCharges, type ChargeRules, type TenantRated } from "../rating/charges.ts";
import { byOccurrence, type JobEvent } from "../rating/job-events.ts";
import { rateEvents, type RatedEvent } from "../rating/rate-events.ts";
import { addRollupDelta } from "../rating/rollup-deltas.ts";
import { reRatedTaskRows } from "../rating/task-totals.ts";
import type { CatalogCache } from "../store/catalog-cache.ts";
import { lockCreditGrants } from "../store/credit-grants-store.ts";
import { lockPeriodCounters } from "../store/period-counter-store.ts";
import { noteReRatedHours } from "../store/rollup-changes.ts";
import { inTransaction } from "../store/transaction.ts";
import {
  lockUnratedEvents,
  markRated,
  toJobEvent,
  type SweepCursor,
  type UnratedRow,
} from "../store/unrated-events.ts";
import { lockTenantUsageShared } from "../store/usage-locks.ts";
import type { DeferredAggregate } from "../store/aggregate-outbox.ts";
import { loadChargeInputs, writeCharges } from "./charge-pipeline.ts";
import { applyDeferredAggregates } from "./deferred-aggregates.ts";

export interface SweepResult {
  examined: number;
  rated: number;
}

/**
 * Rates events stored unrated (no price for their model or tenant when they arrived) against today's catalog and
 * plans: once through every unrated event (optionally one tenant's), `batchSize` at a time, each batch in its own
 * transaction. Idempotent and safe beside usage jobs and other sweeps: a batch locks its rows (FOR UPDATE SKIP
 * LOCKED, which re-checks `rating_status` on the committed row) and writes ledger, credits, rollups and counters
 * only for the rows it rated, in the same transaction, so an event is rated, charged and counted once.
 *
 * Rows another transaction holds are skipped, not waited for: another sweep is rating them, or (rarely) their batch
 * is being retried. The cursor moves past them, so this sweep does not see them again, but they stay unrated and
 * the next sweep (the periodic one at the latest) takes them. Rows a usage job is still inserting are invisible
 * until it commits; they are taken by the next sweep too.
 */
export async function rateUnratedEvents(
  pool: Pool,
  catalog: CatalogCache,
  limits: SpendLimits,
  options: { tenantId?: string; batchSize?: number } = {},
): Promise<SweepResult> {
  const result: SweepResult = { examined: 0, rated: 0 };
  let cursor: SweepCursor | null = null;
  for (;;) {
    // Deadlocks and serialization failures are retried by inTransaction (nothing was written).
    const batch = await inTransaction(pool, (client) =>
      rateBatch(client, catalog, options.tenantId ?? null, cursor, options.batchSize ?? 1000),
    );
    // After the commit, as for usage jobs: the hard-limit state learns the spend the batch added. Raising spend
    // is idempotent, so a crash before this leaves it low only until the next usage job or sweep of the budget.
    await applyDeferredAggregates(pool, batch.aggregates);
    await limits.settle(batch.spends, []);
    result.examined += batch.examined;
    result.rated += batch.rated;
    if (!batch.last) return result;
    cursor = batch.last;
  }
}

async function rateBatch(
  client: PoolClient,
  catalogCache: CatalogCache,
  tenantId: string | null,
  after: SweepCursor | null,
  batchSize: number,
): Promise<{
  examined: number;
  rated: number;
  last: SweepCursor | null;
  spends: StateSpend[];
  aggregates: DeferredAggregate[];
}> {
  // Phase 1: lock and load (the rows, then the usage locks, pricing inputs and counters, as usage jobs do).
  const rows = await lockUnratedEvents(client, tenantId, after, batchSize);
  const lastRow = rows.at(-1);
  if (!lastRow) return { examined: 0, rated: 0, last: null, spends: [], aggregates: [] };
  const catalog = await catalogCache.get(client);
  const tenants = new Map<string, { before: UnratedRow; event: JobEvent }[]>();
  for (const row of rows) {
    const list = tenants.get(row.tenant_id) ?? [];
    list.push({ before: row, event: toJobEvent(row, catalog.resolveModelId(row.requested_model ?? row.model_id)) });
    tenants.set(row.tenant_id, list);
  }
  const tenantEvents = [...tenants].map(([id, list]) => ({ tenantId: id, events: list.map((item) => item.event) }));
  // Budgets count re-rated charges too, read under the same usage lock as jobs (taken before any counter lock).
  await lockTenantUsageShared(client, [...tenants.keys()]);
  const inputs = await loadChargeInputs(client, catalog, tenantEvents);
  const counterKeys = tenantEvents.flatMap((t) => inputs.counterKeysByTenant.get(t.tenantId) ?? []);
  const counters = counterKeys.length > 0 ? await lockPeriodCounters(client, counterKeys) : undefined;

  // Phase 2: rate; only events that now have a price are charged.
  const rated: TenantRated[] = [];
  const beforeById = new Map<string, UnratedRow>();
  for (const { tenantId: id, events } of tenantEvents) {
    const ratedNow = rateEvents(
      id,
      inputs.anchorOf(id),
      [...events].sort(byOccurrence),
      inputs.lookupOf(id),
      counters,
    ).filter((event) => event.rating.status === "rated");
    if (ratedNow.length > 0) rated.push({ tenantId: id, rated: ratedNow });
  }
  if (rated.length === 0) {
    return { examined: rows.length, rated: 0, last: cursorOf(lastRow), spends: [], aggregates: [] };
  }
  for (const row of rows) beforeById.set(`${row.tenant_id}|${row.event_id}`, row);
  // Only tenants with something to charge lock their grants (after their counters: the usage jobs' lock order).
  const grants = await lockCreditGrants(
    client,
    rated.map((t) => t.tenantId),
  );
  const charges = computeCharges(
    rated,
    { budgets: inputs.budgets, anchors: inputs.anchors, counters, counterKeys, grants },
    reRatingRules(beforeById),
  );
  const updates = rated.flatMap((t) => t.rated.map((event) => ({ tenantId: t.tenantId, rated: event })));

  // Phase 3: write.
  await markRated(client, updates);
  await noteReRatedHours(client, updates);
  const written = await writeCharges(client, charges, counters);
  return {
    examined: rows.length,
    rated: updates.length,
    last: cursorOf(lastRow),
    spends: written.spends,
    aggregates: written.deferred,
  };
}

/** Re-rated events: keys from the rated ids (rerate:/credit:rerate:), rollups and task totals moved from unrated to rated. */
function reRatingRules(beforeById: ReadonlyMap<string, UnratedRow>): ChargeRules {
  return {
    keysOf: (rated) => {
      const key = ratedBatchKey(rated);
      return { ledger: `rerate:${key}`, credit: `credit:rerate:${key}` };
    },
    rollupsOf: (tenantId, rated) => {
      const deltas = new Map<string, { tenantId: string; row: RollupRow }>();
      for (const event of rated) {
        const before = beforeById.get(`${tenantId}|${event.event.id}`);
        if (before) addRollupDelta(deltas, tenantId, before.model_id, event);
      }
      return [...deltas.values()].map((delta) => delta.row);
    },
    tasksOf: (tenantId, rated) =>
      reRatedTaskRows(
        rated.flatMap((after) => {
          const before = beforeById.get(`${tenantId}|${after.event.id}`);
          return before ? [{ beforeModelId: before.model_id, after }] : [];
        }),
      ),
  };
}

const cursorOf = (row: UnratedRow): SweepCursor => ({
  tenantId: row.tenant_id,
  occurredAt: row.occurred_at,
  eventId: row.event_id,
});

/**
 * The ledger and credit keys' part naming the events a batch rated (their sorted ids, length-prefixed). An event is
 * rated once (its row is locked and must still be unrated), so no other batch rates the same set and keys never
 * collide; a retried batch transaction wrote nothing, so it may reuse them.
 */
function ratedBatchKey(rated: readonly RatedEvent[]): string {
  const hash = createHash("sha256");
  for (const id of rated.map((event) => event.event.id).sort()) {
    hash.update(`${Buffer.byteLength(id).toString()}:`).update(id);
  }
  return hash.digest("hex").slice(0, 32);
}
