import {
  billingPeriodStart,
  createDatedRatesLookup,
  money,
  type CompiledOverride,
  type Money,
  type PlanPriceBook,
  type ScopedBudget,
} from "@tollgate/domain";
import { loadPricesInForce, type DbOrTx } from "@tollgate/db";
import { loadBudgetSpends } from "../budgets/budget-spend.ts";
import { loadCreditTotals, type CreditTotals } from "./credit-totals.ts";

export interface ReservationBudget {
  id: string;
  scope: ScopedBudget["scope"];
  scopeRef: string;
  amount: Money;
  currency: string;
  hardLimit: boolean;
  /** Spend in the current period as Postgres has it when the terms were loaded. */
  spent: Money;
}

/** Everything a reservation for one (tenant, model) is decided with, at one instant. */
export interface ReservationTerms {
  periodStart: Date;
  /** The tenant pays with credit: holds count against its live credit balance too. */
  prepaid: boolean;
  /** Its credit per currency (loaded for prepaid tenants only). */
  credit: CreditTotals[];
  /** The plan in force and the tenant's override then; null when the tenant has no subscription. */
  pricing: { book: PlanPriceBook; override: CompiledOverride | null } | null;
  budgets: ReservationBudget[];
}

/**
 * Loads the tenant's plan version in force at `at` (with its rates for `modelId` under every condition and the
 * model's provider cost rates), its override then (loadPricesInForce, as the worker), and its monthly budgets with
 * their spend counters. Callers
 * cache the result for a few seconds: reservations must not query Postgres on every call.
 */
export async function loadReservationTerms(
  db: DbOrTx,
  tenantId: string,
  modelId: string,
  at: Date,
): Promise<ReservationTerms> {
  const [tenant, costRows] = await Promise.all([
    db.tenant.findUnique({ where: { id: tenantId }, select: { prepaid: true } }),
    db.modelCostRate.findMany({ where: { modelId } }),
  ]);
  const costRates = createDatedRatesLookup(
    costRows.map((row) => ({
      modelId: row.modelId,
      tokenType: row.tokenType,
      effectiveFrom: row.effectiveFrom,
      pricePerMillion: money(row.pricePerMillion.toFixed()),
    })),
  );
  // The price in force is loaded as the worker loads it: one function, one query (budgets and anchor included).
  const inForce = await loadPricesInForce(
    (_name, text, values) => db.$queryRawUnsafe<unknown[]>(text, ...values),
    new Map([[tenantId, { span: { from: at, to: at }, modelIds: [modelId] }]]),
    costRates,
  );
  // Budgets are spent per billing period, which starts on the tenant's anchor day.
  const periodStart = billingPeriodStart(at, inForce.anchors.get(tenantId) ?? 1);
  const tenantBudgets = [...(inForce.budgets.get(tenantId) ?? [])].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const spends = await loadBudgetSpends(
    db,
    tenantId,
    tenantBudgets.map((budget) => budget.id),
    periodStart,
  );
  const budgets = tenantBudgets.map((budget): ReservationBudget => ({
    id: budget.id,
    scope: budget.scope,
    scopeRef: budget.scopeRef,
    amount: budget.amount,
    currency: budget.currency,
    hardLimit: budget.hardLimit,
    spent: spends.get(budget.id) ?? money("0"),
  }));
  const prepaid = tenant?.prepaid ?? false;
  const credit = prepaid ? await loadCreditTotals(db, [tenantId], at) : [];
  const pricing = inForce.lookups.get(tenantId)?.(at) ?? null;
  return { periodStart, prepaid, credit, pricing, budgets };
}
