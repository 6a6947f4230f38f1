import {
  billingPeriodStart,
  compilePlanPricing,
  compileTenantOverride,
  createDatedRatesLookup,
  money,
  planPricingSchema,
  tenantOverrideSchema,
  type CompiledOverride,
  type ModelRates,
  type Money,
  type PlanPriceBook,
} from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { loadBudgetSpends } from "../budgets/budget-spend.ts";
import { loadCreditTotals, type CreditTotals } from "./credit-totals.ts";

export interface ReservationBudget {
  id: string;
  scope: "tenant" | "api_key" | "customer";
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
 * model's provider cost rates), its override then, and its monthly budgets with their spend counters. Callers
 * cache the result for a few seconds: reservations must not query Postgres on every call.
 */
export async function loadReservationTerms(
  db: DbOrTx,
  tenantId: string,
  modelId: string,
  at: Date,
): Promise<ReservationTerms> {
  const periodStart = billingPeriodStart(at);
  const [tenant, subscription, overrideRow, budgetRows] = await Promise.all([
    db.tenant.findUnique({ where: { id: tenantId }, select: { prepaid: true } }),
    db.subscription.findFirst({
      where: { tenantId, startsAt: { lte: at }, OR: [{ endsAt: null }, { endsAt: { gt: at } }] },
      orderBy: { startsAt: "desc" },
      include: { planVersion: { select: { id: true, currency: true, pricing: true } } },
    }),
    db.tenantPriceOverride.findFirst({
      where: { tenantId, startsAt: { lte: at }, OR: [{ endsAt: null }, { endsAt: { gt: at } }] },
      orderBy: { startsAt: "desc" },
    }),
    db.budget.findMany({ where: { tenantId, period: "month" }, orderBy: { id: "asc" } }),
  ]);
  const spends = await loadBudgetSpends(
    db,
    tenantId,
    budgetRows.map((row) => row.id),
    periodStart,
  );
  const budgets = budgetRows.map((row): ReservationBudget => ({
    id: row.id,
    scope: row.scope as ReservationBudget["scope"],
    scopeRef: row.scopeRef,
    amount: money(row.amount.toFixed()),
    currency: row.currency.trim(),
    hardLimit: row.hardLimit,
    spent: spends.get(row.id) ?? money("0"),
  }));
  const prepaid = tenant?.prepaid ?? false;
  const credit = prepaid ? await loadCreditTotals(db, [tenantId], at) : [];
  if (!subscription) return { periodStart, prepaid, credit, pricing: null, budgets };

  const version = subscription.planVersion;
  const [rateRows, costRows] = await Promise.all([
    db.planRate.findMany({ where: { planVersionId: version.id, modelId } }),
    db.modelCostRate.findMany({ where: { modelId } }),
  ]);
  const explicit = new Map<string, ModelRates>();
  for (const row of rateRows) {
    const rates = explicit.get(row.condition) ?? {};
    rates[row.tokenType] = money(row.pricePerMillion.toFixed());
    explicit.set(row.condition, rates);
  }
  const book: PlanPriceBook = {
    planVersionId: version.id,
    currency: version.currency.trim(),
    pricing: compilePlanPricing(planPricingSchema.parse(version.pricing)),
    explicitRates: (id, condition) => (id === modelId ? explicit.get(condition) : undefined),
    costRates: createDatedRatesLookup(
      costRows.map((row) => ({
        modelId: row.modelId,
        tokenType: row.tokenType,
        effectiveFrom: row.effectiveFrom,
        pricePerMillion: money(row.pricePerMillion.toFixed()),
      })),
    ),
  };
  const override = overrideRow
    ? compileTenantOverride(
        overrideRow.id,
        tenantOverrideSchema.parse({
          discount_percent: overrideRow.discountPercent?.toFixed() ?? null,
          model_rates: overrideRow.modelRates,
        }),
      )
    : null;
  return { periodStart, prepaid, credit, pricing: { book, override }, budgets };
}
