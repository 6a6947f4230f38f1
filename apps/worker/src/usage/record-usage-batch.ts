import { createHash } from "node:crypto";
import type { AlertRecord } from "@tollgate/domain";
import type { StateSpend, UsageBatchPayload } from "@tollgate/queues";
import type { Pool, PoolClient } from "pg";
import { addBudgetSpend, budgetCounterKeys, insertAlerts, lockTenantUsageShared } from "../pricing/budget-spend.ts";
import { CatalogCache } from "../pricing/catalog-cache.ts";
import { creditAfterUse } from "../pricing/credit-after-use.ts";
import { lockCreditGrants, recordCreditUse, type CreditUse } from "../pricing/credit-grants-store.ts";
import { loadPricingInputs, type PlanContextLookup, type PricingNeeds } from "../pricing/plan-contexts.ts";
import { lockPeriodCounters, savePeriodCounters } from "../pricing/period-counter-store.ts";
import { counterKeysFor } from "../pricing/rate-usage.ts";
import { buildRollupRows, type RollupRow } from "./aggregate-usage.ts";
import { creditUsesOf, keyedLedgerLines } from "./charge-entries.ts";
import { byOccurrence, toTenantJobEvents, type TenantJobEvents } from "./job-events.ts";
import { orderJobGroups, type JobGroups } from "./job-groups.ts";
import { rateEvents, type RatedEvent } from "./rate-events.ts";
import {
  addToRollups,
  appendLedgerLines,
  copyEvents,
  rowKey,
  type KeyedLedgerLine,
  type TenantRatedEvents,
} from "./usage-writes.ts";
import { prepared } from "../prepared-statement.ts";

export interface RecordedBatch {
  inserted: number;
  duplicates: number;
  unrated: number;
  /** What the hard-limit state in Redis must learn once the transaction has committed (see settleSpendLimits). */
  settlement: LimitSettlement;
}

export interface LimitSettlement {
  /** Every budget spend counter the job locked, as committed (absolute, so a retried job pushes them again). */
  spends: StateSpend[];
  /** The reservations the job's events settle, recorded now or by an earlier attempt. */
  reservations: { tenantId: string; reservationId: string }[];
}

export interface RecordUsageDeps {
  catalog: CatalogCache;
}

const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]);
/** unique_violation: the COPY met an event stored before (or by a concurrent job); redone checking every event. */
const UNIQUE_VIOLATION = "23505";
const MAX_TRANSACTION_ATTEMPTS = 5;

const defaultDeps: RecordUsageDeps = { catalog: new CatalogCache(30_000) };

/**
 * Records one usage job: stores the new events, then appends ledger lines, uses credit grants and adds to the hourly
 * rollups and period counters for exactly those rows, each priced with its own tenant's plan.
 *
 * One transaction, or two when the job mixes tenants whose charges depend on shared running state (period counters
 * for tiers, allowances, caps and budgets; credit grants) with tenants whose charges do not. Those rows are locked
 * by every job holding the tenant's events, so a busy tenant's jobs queue on them; recording the other tenants
 * first, in their own transaction, keeps them from queueing behind it. Each transaction is idempotent on its own
 * (a retried job finds the first one's events stored), so a crash between them loses or doubles nothing.
 *
 * The usage_events primary key is the authority: an attempt assumes every event is new and COPYs them; if one was
 * stored before, the COPY fails with unique_violation and the transaction is redone at once, dropping the
 * already-stored events first. Re-running a committed batch therefore stores nothing and changes nothing.
 * Serialization failures and deadlocks are retried here; anything else propagates so the queue retries the job.
 */
export async function recordUsageBatch(
  pool: Pool,
  payload: UsageBatchPayload,
  deps: RecordUsageDeps = defaultDeps,
): Promise<RecordedBatch> {
  return recordUsageJobs(pool, [payload], deps);
}

/**
 * Records several jobs as one (see recordUsageBatch): their events merged per tenant, so the fixed statements, the
 * ledger lines and the rollup rows are shared. Either every job's events are recorded or none.
 */
export async function recordUsageJobs(
  pool: Pool,
  payloads: readonly UsageBatchPayload[],
  deps: RecordUsageDeps = defaultDeps,
): Promise<RecordedBatch> {
  const ordered = orderJobGroups(payloads);
  const first = await inTransaction(pool, (client, checkEveryEvent) =>
    recordInTransaction(client, ordered, deps, { checkEveryEvent, only: null }),
  );
  if (first.deferred.size === 0) return first.recorded;
  const second = await inTransaction(pool, (client, checkEveryEvent) =>
    recordInTransaction(client, ordered, deps, { checkEveryEvent, only: first.deferred }),
  );
  return mergeRecorded(first.recorded, second.recorded);
}

/** Runs `work` in a transaction, retried here on serialization failures, deadlocks and unique violations. */
async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient, checkEveryEvent: boolean) => Promise<T>,
): Promise<T> {
  let checkEveryEvent = false;
  for (let attempt = 1; ; attempt += 1) {
    const client = await pool.connect();
    // A connection dropped while checked out (Postgres restart, pg_terminate_backend) is reported as an 'error'
    // event, which would crash the process without a listener; the pending or next query rejects anyway.
    let connectionLost = false;
    const onConnectionError = () => {
      connectionLost = true;
    };
    client.on("error", onConnectionError);
    try {
      await client.query("BEGIN");
      const result = await work(client, checkEveryEvent);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        connectionLost = true;
      });
      const code = (error as { code?: string }).code;
      if (code === UNIQUE_VIOLATION) checkEveryEvent = true;
      const retryable = code !== undefined && (RETRYABLE_SQLSTATES.has(code) || code === UNIQUE_VIOLATION);
      if (attempt < MAX_TRANSACTION_ATTEMPTS && retryable) continue;
      throw error;
    } finally {
      client.off("error", onConnectionError);
      // A broken connection is closed rather than returned to the pool.
      client.release(connectionLost);
    }
  }
}

function mergeRecorded(a: RecordedBatch, b: RecordedBatch): RecordedBatch {
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
): Promise<{ recorded: RecordedBatch; deferred: ReadonlySet<string> }> {
  const { checkEveryEvent, only } = part;
  const groups = only ? ordered.groups.filter((group) => only.has(group.tenantId)) : ordered.groups;
  // Repeats inside the job are counted once, by the first transaction.
  const repeated = only ? 0 : ordered.repeated;
  const tenantIds = [...new Set(groups.map((group) => group.tenantId))];
  await lockTenantUsageShared(client, tenantIds);
  const catalog = await deps.catalog.get(client);
  const jobTenants = toTenantJobEvents(groups, catalog.resolveModelId);
  const { lookups, budgets, creditTenants } = await loadPricingInputs(client, catalog, pricingNeeds(jobTenants));
  const lookupOf = (tenantId: string): PlanContextLookup => lookups.get(tenantId) ?? noPlan;

  const counterKeysByTenant = new Map(
    jobTenants.map((t) => [
      t.tenantId,
      [
        ...counterKeysFor(t.tenantId, t.events, lookupOf(t.tenantId)),
        ...budgetCounterKeys(t.tenantId, t.events, budgets.get(t.tenantId)),
      ],
    ]),
  );
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

  let alreadyStored = 0;
  const rated: TenantRatedEvents[] = tenants.map((tenant) => {
    const fresh =
      stored.size === 0 ? tenant.events : tenant.events.filter((e) => !stored.has(rowKey(tenant.tenantId, e.event.id)));
    alreadyStored += tenant.events.length - fresh.length;
    const lookup = lookupOf(tenant.tenantId);
    return counterTenants.has(tenant.tenantId)
      ? {
          tenantId: tenant.tenantId,
          rated: rateEvents(tenant.tenantId, [...fresh].sort(byOccurrence), lookup, counters),
        }
      : { tenantId: tenant.tenantId, rated: rateEvents(tenant.tenantId, fresh, lookup) };
  });

  // Fails with unique_violation if any of them was stored meanwhile; recordUsageBatch then redoes the job.
  await copyEvents(client, rated);
  const settlement: LimitSettlement = { spends: [], reservations: reservationsOf(tenants) };
  const result: RecordedBatch = { inserted: 0, duplicates: repeated + alreadyStored, unrated: 0, settlement };
  const alerts: AlertRecord[] = [];
  const ledger: KeyedLedgerLine[] = [];
  const creditUses: CreditUse[] = [];
  const rollups: { tenantId: string; row: RollupRow }[] = [];
  for (const { tenantId, rated: inserted } of rated) {
    result.inserted += inserted.length;
    result.unrated += inserted.filter((event) => event.rating.status === "unrated").length;
    if (counters) {
      const budgetChange = addBudgetSpend(tenantId, inserted, budgets.get(tenantId), counters, counterKeys);
      alerts.push(...budgetChange.alerts);
      settlement.spends.push(...budgetChange.spends);
    }
    if (inserted.length === 0) continue;
    const batchKey = insertedBatchKey(inserted);
    const keys = { ledger: `usage:${batchKey}`, credit: `credit:${batchKey}` };
    ledger.push(...keyedLedgerLines(tenantId, keys, inserted));
    creditUses.push(...creditUsesOf(tenantId, keys, inserted, grants.get(tenantId)));
    for (const row of buildRollupRows(inserted)) rollups.push({ tenantId: tenantId, row });
  }
  await appendLedgerLines(client, ledger);
  await recordCreditUse(client, creditUses);
  await addToRollups(client, rollups);
  if (counters) await savePeriodCounters(client, counters);
  const credit = await creditAfterUse(client, creditUses);
  alerts.push(...credit.alerts);
  settlement.spends.push(...credit.spends);
  await insertAlerts(client, alerts);
  return { recorded: result, deferred };
}

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

const noPlan: PlanContextLookup = () => null;

/** Per tenant, the span of its events' timestamps and their resolved models. */
function pricingNeeds(tenants: readonly TenantJobEvents[]): Map<string, PricingNeeds> {
  return new Map(
    tenants.map((tenant) => {
      let from = Infinity;
      let to = -Infinity;
      const modelIds = new Set<string>();
      for (const event of tenant.events) {
        const time = event.occurredAt.getTime();
        if (time < from) from = time;
        if (time > to) to = time;
        modelIds.add(event.modelId);
      }
      return [tenant.tenantId, { span: { from: new Date(from), to: new Date(to) }, modelIds: [...modelIds] }];
    }),
  );
}

/** Which of these tenants' events are already stored. */
async function findStoredEvents(client: PoolClient, tenants: readonly TenantJobEvents[]): Promise<Set<string>> {
  if (tenants.length === 0) return new Set();
  const pairs = tenants.flatMap((t) => t.events.map((e) => [t.tenantId, e.event.id] as const));
  const rows = await client.query<{ tenant_id: string; event_id: string }>(
    prepared(
      "worker-find-stored-events",
      `SELECT u.tenant_id, u.event_id FROM usage_events u
       JOIN unnest($1::uuid[], $2::text[]) AS k(tenant_id, event_id)
         ON u.tenant_id = k.tenant_id AND u.event_id = k.event_id`,
    ),
    [pairs.map(([tenantId]) => tenantId), pairs.map(([, eventId]) => eventId)],
  );
  return new Set(rows.rows.map((row) => rowKey(row.tenant_id, row.event_id)));
}

/**
 * A key for a tenant's inserted events (their sorted ids): the same rows always give the same key, so the ledger
 * lines and credit uses of a job are never written twice, and keys match those of earlier per-tenant jobs.
 */
function insertedBatchKey(inserted: readonly RatedEvent[]): string {
  const hash = createHash("sha256");
  for (const id of inserted.map((event) => event.event.id).sort()) hash.update(id).update("\u0000");
  return hash.digest("hex").slice(0, 32);
}
