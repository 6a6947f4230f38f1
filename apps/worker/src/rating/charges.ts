import type { BillingAnchor, AlertRecord, CreditGrantBalance } from "@tollgate/domain";
import type { StateSpend } from "@tollgate/queues";
import type { RollupRow } from "./aggregate-usage.ts";
import { addBudgetSpend, type TenantBudget } from "./budget-spend.ts";
import {
  creditUsesOf,
  keyedLedgerLines,
  type ChargeKeys,
  type CreditUse,
  type KeyedLedgerLine,
} from "./charge-entries.ts";
import type { CounterKey, CountersByPeriod } from "./period-counters.ts";
import type { RatedEvent } from "./rate-events.ts";
import type { TaskRow } from "./task-totals.ts";

/** One tenant's newly rated events (new usage, or stored events rated now). */
export interface TenantRated {
  tenantId: string;
  rated: RatedEvent[];
}

/** What a job's charges were computed against: all locked by the caller in this transaction. */
interface ChargeState {
  budgets: ReadonlyMap<string, TenantBudget[]>;
  /** Each tenant's billing anchor, with its dated change if any (missing: 1, calendar months). */
  anchors: ReadonlyMap<string, BillingAnchor>;
  /** The locked period counters (budget spend included), advanced in place; undefined when none were needed. */
  counters: CountersByPeriod | undefined;
  counterKeys: readonly CounterKey[];
  /** The locked credit grants, their balances reduced in place. */
  grants: ReadonlyMap<string, CreditGrantBalance[]>;
}

/** Where the two kinds of charged events differ: their idempotency keys and their rollup rows. */
export interface ChargeRules {
  keysOf: (rated: readonly RatedEvent[]) => ChargeKeys;
  rollupsOf: (tenantId: string, rated: readonly RatedEvent[]) => Iterable<RollupRow>;
  /** The per-task totals' rows (events with a task_id only), counted exactly as the rollups are. */
  tasksOf: (tenantId: string, rated: readonly RatedEvent[]) => Iterable<TaskRow>;
}

/** Everything a job writes besides its events' own rows. */
export interface Charges {
  ledger: KeyedLedgerLine[];
  creditUses: CreditUse[];
  rollups: { tenantId: string; row: RollupRow }[];
  tasks: { tenantId: string; row: TaskRow }[];
  /** Budget thresholds crossed (credit alerts are added once the use is written: see creditAfterUse). */
  alerts: AlertRecord[];
  /** Budget spends for the hard-limit state in Redis, as they will be committed. */
  spends: StateSpend[];
}

/**
 * The one charge computation, for new usage and for re-rated events alike: per tenant, the budget spend (every
 * locked budget counter's total is reported, even with nothing new), then for the events charged the ledger lines,
 * the credit they use and their rollup rows. No I/O: it advances the locked counters and grant balances in place,
 * so the caller writes everything afterwards (see writeCharges).
 */
export function computeCharges(tenants: readonly TenantRated[], state: ChargeState, rules: ChargeRules): Charges {
  const charges: Charges = { ledger: [], creditUses: [], rollups: [], tasks: [], alerts: [], spends: [] };
  for (const { tenantId, rated } of tenants) {
    if (state.counters) {
      const budgetChange = addBudgetSpend(
        tenantId,
        state.anchors.get(tenantId) ?? 1,
        rated,
        state.budgets.get(tenantId),
        state.counters,
        state.counterKeys,
      );
      charges.alerts.push(...budgetChange.alerts);
      charges.spends.push(...budgetChange.spends);
    }
    if (rated.length === 0) continue;
    const keys = rules.keysOf(rated);
    charges.ledger.push(...keyedLedgerLines(tenantId, keys, rated));
    charges.creditUses.push(...creditUsesOf(tenantId, keys, rated, state.grants.get(tenantId)));
    for (const row of rules.rollupsOf(tenantId, rated)) charges.rollups.push({ tenantId, row });
    for (const row of rules.tasksOf(tenantId, rated)) charges.tasks.push({ tenantId, row });
  }
  return charges;
}
