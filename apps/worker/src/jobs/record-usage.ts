import { createHash } from "node:crypto";
import type { StateSpend, UsageJobPayload } from "@tollgate/queues";
import type { Pool, PoolClient } from "pg";
import { buildRollupRows } from "../rating/aggregate-usage.ts";
import { computeCharges, type ChargeRules, type TenantRated } from "../rating/charges.ts";
import { byOccurrence, toTenantJobEvents, type TenantJobEvents } from "../rating/job-events.ts";
import { orderJobGroups, type JobGroups } from "../rating/job-groups.ts";
import { rateEvents, type RatedEvent } from "../rating/rate-events.ts";
import { buildTaskRows } from "../rating/task-totals.ts";
import { CatalogCache } from "../store/catalog-cache.ts";
import { lockCreditGrants } from "../store/credit-grants-store.ts";
import { lockPeriodCounters } from "../store/period-counter-store.ts";
import { noteLateHours } from "../store/rollup-changes.ts";
import { findStoredEvents, rowKey } from "../store/stored-events.ts";
import { inTransaction } from "../store/transaction.ts";
import { lockTenantUsageShared } from "../store/usage-locks.ts";
import { copyEvents } from "../store/usage-writes.ts";
import { insertAlerts } from "../store/alerts-store.ts";
import { unratedAlerts } from "../rating/unrated-alerts.ts";
import type { DeferredAggregate } from "../store/aggregate-outbox.ts";
import { loadChargeInputs, writeCharges } from "./charge-pipeline.ts";
import { applyDeferredAggregates } from "./deferred-aggregates.ts";

export interface RecordedUsage {
  inserted: number;
  duplicates: number;
  unrated: number;
  /** What the hard-limit state in Redis must learn once the transaction has committed (see settleSpendLimits). */
  settlement: LimitSettlement;
}

interface LimitSettlement {
  /** Every budget spend counter the job locked, as committed (absolute, so a retried job pushes them again). */
  spends: StateSpend[];
  /** The reservations the job's events settle, recorded now or by an earlier attempt. */
  reservations: { tenantId: string; reservationId: string }[];
}

export interface RecordUsageDeps {
  catalog: CatalogCache;
}

const defaultDeps: RecordUsageDeps = { catalog: new CatalogCache(30_000) };

/**
 * Records one usage job: stores the new events, then appends ledger lines, uses credit grants and adds to the hourly
 * rollups and period counters for exactly those rows, each priced with its own tenant's plan. Their daily rollups
 * and task totals are committed to the aggregate outbox and applied right after the commit (deferred-aggregates.ts).
 *
 * One transaction, or two when the job mixes tenants whose charges depend on shared running state (period counters
 * for tiers, allowances, caps and budgets; credit grants) with tenants whose charges do not. Those rows are locked
 * by every job holding the tenant's events, so a busy tenant's jobs queue on them; recording the other tenants
 * first, in their own transaction, keeps them from queueing behind it. Each transaction is idempotent on its own
 * (a retried job finds the first one's events stored), so a crash between them loses or doubles nothing.
 *
 * The usage_events primary key is the authority: an attempt assumes every event is new and COPYs them; if one was
 * stored before, the COPY fails with unique_violation and the transaction is redone at once, dropping the
 * already-stored events first. Re-running a committed job therefore stores nothing and changes nothing.
 * Serialization failures and deadlocks are retried here; anything else propagates so the queue retries the job.
 */
export async function recordUsageJob(
  pool: Pool,
  payload: UsageJobPayload,
  deps: RecordUsageDeps = defaultDeps,
): Promise<RecordedUsage> {
  return recordUsageJobs(pool, [payload], deps);
}

/**
 * Records several jobs as one (see recordUsageJob): their events merged per tenant, so the fixed statements, the
 * ledger lines and the rollup rows are shared. Either every job's events are recorded or none.
 */
export async function recordUsageJobs(
  pool: Pool,
  payloads: readonly UsageJobPayload[],
  deps: RecordUsageDeps = defaultDeps,
): Promise<RecordedUsage> {
  const ordered = orderJobGroups(payloads);
  // The COPY fails with unique_violation when an event was stored before (or by a concurrent job): redone then,
  // checking every event.
  const retryUniqueViolation = { retryUniqueViolation: true };
  const first = await inTransaction(
    pool,
    (client, attempt) =>
      recordInTransaction(client, ordered, deps, { checkEveryEvent: attempt.afterUniqueViolation, only: null }),
    retryUniqueViolation,
  );
  await applyDeferredAggregates(pool, first.aggregates);
  if (first.deferred.size === 0) return first.recorded;
  const second = await inTransaction(
    pool,
    (client, attempt) =>
      recordInTransaction(client, ordered, deps, {
        checkEveryEvent: attempt.afterUniqueViolation,
        only: first.deferred,
      }),
    retryUniqueViolation,
  );
  await applyDeferredAggregates(pool, second.aggregates);
  return mergeRecorded(first.recorded, second.recorded);
}

function mergeRecorded(a: RecordedUsage, b: RecordedUsage): RecordedUsage {
  return {
    inserted: a.inserted + b.inserted,
    duplicates: a.duplicates + b.duplicates,
    unrated: a.unrated + b.unrated,
    settlement: {
      spends: [...a.settlement.spends, ...b.settlement.spends],
      reservations: [...a.settlement.reservations, ...b.settlement.reservations],
    },
  };
}

interface JobPart {
  /** Drop already-stored events of every tenant before rating (the retry after a COPY met a stored event). */
  checkEveryEvent: boolean;
  /** The second transaction: just these tenants. null: the first, which defers the locking tenants of a mixed job. */
  only: ReadonlySet<string> | null;
}

/**
 * One transaction of a job (see JobPart) in a small fixed number of statements, whatever its number of tenants; the
 * first also returns the tenants it deferred to the second. Lock order, the same in every job so concurrent jobs
 * never deadlock: tenant usage locks (shared advisory), period counters (budget spend included), credit grants,
 * event rows, ledger, rollups.
 * Tenants whose prices depend on the period so far (tiers, allowances, caps) have their counters locked first and
 * their already-stored events dropped before rating, so a duplicate never advances a counter; with
 * `checkEveryEvent` every tenant's are (the retry after a COPY met a stored event).
 */
async function recordInTransaction(
  client: PoolClient,
  ordered: JobGroups,
  deps: RecordUsageDeps,
  part: JobPart,
): Promise<{ recorded: RecordedUsage; deferred: ReadonlySet<string>; aggregates: DeferredAggregate[] }> {
  const { checkEveryEvent, only } = part;
  const groups = only ? ordered.groups.filter((group) => only.has(group.tenantId)) : ordered.groups;
  // Repeats inside the job are counted once, by the first transaction.
  const repeated = only ? 0 : ordered.repeated;
  const tenantIds = [...new Set(groups.map((group) => group.tenantId))];

  // Phase 1: lock and load. Lock order, the same in every job: tenant usage locks, period counters, credit grants.
  await lockTenantUsageShared(client, tenantIds);
  const catalog = await deps.catalog.get(client);
  const jobTenants = toTenantJobEvents(groups, catalog.resolveModelId);
  const inputs = await loadChargeInputs(client, catalog, jobTenants);
  const { counterKeysByTenant, creditTenants } = inputs;
  const locking = new Set(
    jobTenants
      .filter((t) => creditTenants.has(t.tenantId) || (counterKeysByTenant.get(t.tenantId)?.length ?? 0) > 0)
      .map((t) => t.tenantId),
  );
  // A mixed job defers its locking tenants to a second transaction; a job of only one kind stays in one.
  const deferred = only === null && locking.size > 0 && locking.size < jobTenants.length ? locking : new Set<string>();
  const tenants = deferred.size > 0 ? jobTenants.filter((t) => !deferred.has(t.tenantId)) : jobTenants;
  const counterKeys = tenants.flatMap((t) => counterKeysByTenant.get(t.tenantId) ?? []);
  const counterTenants = new Set(counterKeys.map((key) => key.tenantId));
  const counters = counterKeys.length > 0 ? await lockPeriodCounters(client, counterKeys) : undefined;
  // Read while the counters are locked, so it is exact for the tenants that have them.
  const stored = await findStoredEvents(
    client,
    tenants.filter((t) => checkEveryEvent || counterTenants.has(t.tenantId)),
  );
  const grants = await lockCreditGrants(
    client,
    tenants.filter((t) => creditTenants.has(t.tenantId)).map((t) => t.tenantId),
  );

  // Phase 2: rate the events not stored yet and compute everything the job writes.
  let alreadyStored = 0;
  const rated: TenantRated[] = tenants.map((tenant) => {
    const fresh =
      stored.size === 0 ? tenant.events : tenant.events.filter((e) => !stored.has(rowKey(tenant.tenantId, e.event.id)));
    alreadyStored += tenant.events.length - fresh.length;
    const lookup = inputs.lookupOf(tenant.tenantId);
    const anchor = inputs.anchorOf(tenant.tenantId);
    return counterTenants.has(tenant.tenantId)
      ? {
          tenantId: tenant.tenantId,
          rated: rateEvents(tenant.tenantId, anchor, [...fresh].sort(byOccurrence), lookup, counters),
        }
      : { tenantId: tenant.tenantId, rated: rateEvents(tenant.tenantId, anchor, fresh, lookup) };
  });
  const charges = computeCharges(
    rated,
    { budgets: inputs.budgets, anchors: inputs.anchors, counters, counterKeys, grants },
    newUsageRules,
  );
  const result: RecordedUsage = {
    inserted: 0,
    duplicates: repeated + alreadyStored,
    unrated: 0,
    settlement: { spends: [], reservations: reservationsOf(tenants) },
  };
  for (const { rated: inserted } of rated) {
    result.inserted += inserted.length;
    result.unrated += inserted.filter((event) => event.rating.status === "unrated").length;
  }

  // Phase 3: write. The COPY fails with unique_violation if any event was stored meanwhile; the job is then redone.
  await copyEvents(client, rated);
  // `rated` is what the COPY stored (a stored event fails it and the job is redone without), so only stored events are
  // noted; after their rows and before the charges, the sweep's lock order (events, changes, rollups).
  await noteLateHours(client, rated);
  const written = await writeCharges(client, charges, counters);
  result.settlement.spends = written.spends;
  // Models without a price: a usage.unrated alert per (tenant, model, day), only when the job has some (one
  // statement; the alerts trigger writes the webhook event for each alert actually inserted).
  if (result.unrated > 0) await insertAlerts(client, unratedAlerts(rated));
  return { recorded: result, deferred, aggregates: written.deferred };
}

/**
 * New usage: keys from the inserted ids (usage:/credit:), one rollup row per (hour, model, key, customer, agent),
 * one task total row per (month, task, model) of the events with a task_id.
 */
const newUsageRules: ChargeRules = {
  keysOf: (inserted) => {
    const setKey = insertedSetKey(inserted);
    return { ledger: `usage:${setKey}`, credit: `credit:${setKey}` };
  },
  rollupsOf: (_tenantId, inserted) => buildRollupRows(inserted),
  tasksOf: (_tenantId, inserted) => buildTaskRows(inserted),
};

/** The reservations the job's events name (each settles once; releasing an already released one does nothing). */
function reservationsOf(tenants: readonly TenantJobEvents[]): LimitSettlement["reservations"] {
  return tenants.flatMap((tenant) =>
    tenant.events.flatMap((e) =>
      e.event.reservation_id === undefined
        ? []
        : [{ tenantId: tenant.tenantId, reservationId: e.event.reservation_id }],
    ),
  );
}

/**
 * A key for a tenant's inserted events (their sorted ids): the same rows always give the same key, so the ledger
 * lines and credit uses of a job are never written twice, and keys match those of earlier per-tenant jobs.
 */
function insertedSetKey(inserted: readonly RatedEvent[]): string {
  const hash = createHash("sha256");
  for (const id of inserted.map((event) => event.event.id).sort()) hash.update(id).update("\u0000");
  return hash.digest("hex").slice(0, 32);
}
