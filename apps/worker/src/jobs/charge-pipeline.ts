import type { BillingAnchor } from "@tollgate/domain";
import type { StateSpend } from "@tollgate/queues";
import type { PoolClient } from "pg";
import { budgetCounterKeys } from "../rating/budget-spend.ts";
import type { Charges } from "../rating/charges.ts";
import type { TenantJobEvents } from "../rating/job-events.ts";
import { pricingNeeds, type PlanContextLookup } from "../rating/plan-context.ts";
import type { CounterKey, CountersByPeriod } from "../rating/period-counters.ts";
import { counterKeysFor } from "../rating/rate-usage.ts";
import { insertAlerts } from "../store/alerts-store.ts";
import type { CatalogSnapshot } from "../store/catalog-cache.ts";
import { creditAfterUse } from "../store/credit-after-use.ts";
import { recordCreditUse } from "../store/credit-grants-store.ts";
import { savePeriodCounters } from "../store/period-counter-store.ts";
import { loadPricingInputs, type PricingInputs } from "../store/pricing-inputs.ts";
import { deferAggregates, type DeferredAggregate } from "../store/aggregate-outbox.ts";
import { taskTotalParams } from "../store/task-totals-store.ts";
import { addToHourlyRollups, appendLedgerLines, rollupIncrementParams } from "../store/usage-writes.ts";

/*
 * The charge pipeline shared by usage jobs (record-usage.ts) and re-rating (re-rate-unrated.ts), in three phases:
 * 1. lock + load: the tenants' usage locks (lockTenantUsageShared), then loadChargeInputs, then the counters and
 *    credit grants it names are locked (each job decides which, in the common lock order);
 * 2. rate (rateEvents) and compute the whole result (computeCharges), with no I/O;
 * 3. write: the events' own rows (COPY for new usage, UPDATE for re-rated), then writeCharges;
 * after the commit, the caller applies the deferred daily rollups and task totals (applyDeferredAggregates).
 */

interface ChargeInputs extends PricingInputs {
  /** The plan context in force for a tenant's event (none: the event stays unrated). */
  lookupOf: (tenantId: string) => PlanContextLookup;
  /** The tenant's billing anchor (schedule): the periods its counters and budgets are kept for. */
  anchorOf: (tenantId: string) => BillingAnchor;
  /** Per tenant, the period counters its events read or advance: plan meters and covering budgets. */
  counterKeysByTenant: Map<string, CounterKey[]>;
}

const noPlan: PlanContextLookup = () => null;

/** Phase 1, after the usage locks: everything the tenants' prices and budgets depend on, in one query. */
export async function loadChargeInputs(
  client: PoolClient,
  catalog: CatalogSnapshot,
  tenants: readonly TenantJobEvents[],
): Promise<ChargeInputs> {
  const inputs = await loadPricingInputs(client, catalog, pricingNeeds(tenants));
  const lookupOf = (tenantId: string): PlanContextLookup => inputs.lookups.get(tenantId) ?? noPlan;
  const anchorOf = (tenantId: string): BillingAnchor => inputs.anchors.get(tenantId) ?? 1;
  const counterKeysByTenant = new Map(
    tenants.map((t) => [
      t.tenantId,
      [
        ...counterKeysFor(t.tenantId, anchorOf(t.tenantId), t.events, lookupOf(t.tenantId)),
        ...budgetCounterKeys(t.tenantId, anchorOf(t.tenantId), t.events, inputs.budgets.get(t.tenantId)),
      ],
    ]),
  );
  return { ...inputs, lookupOf, anchorOf, counterKeysByTenant };
}

export interface WrittenCharges {
  /** Every spend the hard-limit state must learn once the transaction has committed. */
  spends: StateSpend[];
  /** The daily rollups' and task totals' increments, stored in the outbox: to apply once committed. */
  deferred: DeferredAggregate[];
}

/**
 * Phase 3, after the events' own rows: the deferred increments (uncontended inserts, so first), then ledger lines,
 * credit use, hourly rollups, counters, credit totals and alerts. Rows every job of a tenant touches (period totals,
 * rollups) are locked from their statement to the commit, so the less follows them, the less jobs wait.
 */
export async function writeCharges(
  client: PoolClient,
  charges: Charges,
  counters: CountersByPeriod | undefined,
): Promise<WrittenCharges> {
  const rollupParams = charges.rollups.length > 0 ? rollupIncrementParams(charges.rollups) : undefined;
  const deferred = await deferAggregates(client, [
    ...(rollupParams ? [{ kind: "daily_rollups" as const, params: rollupParams }] : []),
    ...(charges.tasks.length > 0 ? [{ kind: "task_totals" as const, params: taskTotalParams(charges.tasks) }] : []),
  ]);
  await appendLedgerLines(client, charges.ledger);
  await recordCreditUse(client, charges.creditUses);
  if (rollupParams) await addToHourlyRollups(client, rollupParams);
  if (counters) await savePeriodCounters(client, counters);
  const credit = await creditAfterUse(client, charges.creditUses);
  charges.alerts.push(...credit.alerts);
  await insertAlerts(client, charges.alerts);
  return { spends: [...charges.spends, ...credit.spends], deferred };
}
