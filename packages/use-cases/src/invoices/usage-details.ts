import {
  allowanceUseText,
  compilePlanPricing,
  meterKeys,
  planPricingSchema,
  tierBreakdownText,
  tierMeterFor,
  tokenAllowanceFor,
  type CompiledPlanPricing,
  type InvoiceDraftInput,
  type PeriodTotal,
} from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";

/**
 * The breakdown rows under usage lines: how the period's volume split over the tiers of the meter that priced the
 * line, or how much of an included token allowance it used. From the period counters the worker keeps (one row per
 * meter), never from events.
 */
export async function usageDetailsFor(
  db: DbOrTx,
  tenantId: string,
  periodStart: Date,
  totals: readonly PeriodTotal[],
): Promise<InvoiceDraftInput["usageDetails"]> {
  const versionIds = [
    ...new Set(totals.filter((t) => t.kind === "usage_charge" && t.planVersionId !== "").map((t) => t.planVersionId)),
  ];
  if (versionIds.length === 0) return undefined;
  const versions = await db.$queryRaw<{ id: string; currency: string; pricing: unknown }[]>`
    SELECT id::text AS id, currency, pricing FROM plan_versions WHERE id = ANY(${versionIds}::uuid[])`;
  const compiled = new Map<string, { pricing: CompiledPlanPricing; currency: string }>();
  const keys: string[] = [];
  for (const version of versions) {
    const parsed = planPricingSchema.safeParse(version.pricing);
    // A version whose stored pricing no longer parses is still billed; it only gets no breakdown rows.
    if (!parsed.success) continue;
    const pricing = compilePlanPricing(parsed.data);
    if (pricing.tierMeters.length === 0 && pricing.tokenAllowances.length === 0) continue;
    compiled.set(version.id, { pricing, currency: version.currency.trim() });
    keys.push(...pricing.tierMeters.map((m) => meterKeys.tier(version.id, m.id)));
    keys.push(...pricing.tokenAllowances.map((a) => meterKeys.allowance(version.id, a.id)));
  }
  if (keys.length === 0) return undefined;
  const counters = await db.$queryRaw<{ meter: string; quantity: bigint }[]>`
    SELECT meter, quantity FROM usage_period_counters
     WHERE tenant_id = ${tenantId}::uuid AND period_start = ${periodStart} AND meter = ANY(${keys}::text[])`;
  const quantity = new Map(counters.map((c) => [c.meter, c.quantity]));
  return ({ modelId, tokenType, planVersionId }) => {
    const version = compiled.get(planVersionId);
    if (!version) return [];
    const meter = tierMeterFor(version.pricing, tokenType, modelId);
    if (meter) {
      const used = quantity.get(meterKeys.tier(planVersionId, meter.id)) ?? 0n;
      return [tierBreakdownText(meter.id, meter.schedule, used, version.currency)];
    }
    const allowance = tokenAllowanceFor(version.pricing, tokenType, modelId);
    if (!allowance) return [];
    const used = quantity.get(meterKeys.allowance(planVersionId, allowance.id)) ?? 0n;
    return [allowanceUseText(allowance.id, used, allowance.tokens)];
  };
}
