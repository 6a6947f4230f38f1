import {
  billingPeriodShare,
  compilePlanPricing,
  MONEY_ALLOWANCE_DESCRIPTION,
  moneyAllowanceText,
  planPricingSchema,
  SPEND_CAP_DESCRIPTION,
  spendCapText,
  type BillingAnchor,
  type CompiledPlanPricing,
  type InvoiceDraftInput,
  type PeriodTotal,
} from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";

/**
 * The rows under a period's money allowance and spend cap lines: the plan version's term, and in a short period
 * (the first after an anchor change) the prorated term the worker rated with, "spend cap $140.00 this period
 * ($300.00 prorated: 14 of 30 days)". Reads the versions only when the period has such lines (most have none).
 */
export async function discountDetailsFor(
  db: DbOrTx,
  period: { start: Date },
  anchor: BillingAnchor,
  totals: readonly PeriodTotal[],
): Promise<InvoiceDraftInput["discountDetails"]> {
  const versionIds = [
    ...new Set(
      totals
        .filter((t) => t.kind === "usage_charge" && t.planVersionId !== "" && isMoneyTermLine(t.description))
        .map((t) => t.planVersionId),
    ),
  ];
  if (versionIds.length === 0) return undefined;
  const versions = await db.$queryRaw<{ id: string; currency: string; pricing: unknown }[]>`
    SELECT id::text AS id, currency, pricing FROM plan_versions WHERE id = ANY(${versionIds}::uuid[])`;
  const compiled = new Map<string, { pricing: CompiledPlanPricing; currency: string }>();
  for (const version of versions) {
    const parsed = planPricingSchema.safeParse(version.pricing);
    // A version whose stored pricing no longer parses is still billed; it only gets no breakdown rows.
    if (parsed.success)
      compiled.set(version.id, { pricing: compilePlanPricing(parsed.data), currency: version.currency.trim() });
  }
  const share = billingPeriodShare(period.start, anchor);
  return ({ description, planVersionId }) => {
    const version = compiled.get(planVersionId);
    if (!version) return [];
    const { moneyAllowance, spendCap } = version.pricing;
    if (description === SPEND_CAP_DESCRIPTION && spendCap) return [spendCapText(spendCap, version.currency, share)];
    if (description === MONEY_ALLOWANCE_DESCRIPTION && moneyAllowance) {
      return [moneyAllowanceText(moneyAllowance.id, moneyAllowance.amount, version.currency, share)];
    }
    return [];
  };
}

function isMoneyTermLine(description: string): boolean {
  return description === SPEND_CAP_DESCRIPTION || description === MONEY_ALLOWANCE_DESCRIPTION;
}
