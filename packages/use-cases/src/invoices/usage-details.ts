import {
  allowanceUseText,
  billingPeriodShare,
  matchesModelPattern,
  overrideDiscountText,
  overrideRatesText,
  compilePlanPricing,
  meterKeys,
  planPricingSchema,
  tierBreakdownText,
  tierMeterFor,
  tokenAllowanceFor,
  type BillingAnchor,
  type CompiledPlanPricing,
  type InvoiceDraftInput,
  type PeriodShare,
  type PeriodTotal,
} from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { decimalText } from "../shared/change-context.ts";

/**
 * The breakdown rows under usage lines: how the period's volume split over the tiers of the meter that priced the
 * line, or how much of an included token allowance it used (from the period counters the worker keeps, one row per
 * meter, never from events), and the tenant's overrides in force during the period (a discount or custom rates,
 * already inside the amounts). A short period's allowance is shown prorated, as the worker rated it (`anchor`).
 */
export async function usageDetailsFor(
  db: DbOrTx,
  tenantId: string,
  period: { start: Date; end: Date },
  anchor: BillingAnchor,
  totals: readonly PeriodTotal[],
): Promise<InvoiceDraftInput["usageDetails"]> {
  const periodStart = period.start;
  const overrides = await overridesIn(db, tenantId, period);
  const versionIds = [
    ...new Set(totals.filter((t) => t.kind === "usage_charge" && t.planVersionId !== "").map((t) => t.planVersionId)),
  ];
  const meters =
    versionIds.length === 0
      ? undefined
      : await meterDetails(db, tenantId, periodStart, billingPeriodShare(periodStart, anchor), versionIds);
  if (!meters && overrides.length === 0) return undefined;
  return (line) => [...(meters?.(line) ?? []), ...overrideDetails(overrides, line, periodStart)];
}

type LineDetails = NonNullable<InvoiceDraftInput["usageDetails"]>;

async function meterDetails(
  db: DbOrTx,
  tenantId: string,
  periodStart: Date,
  periodShare: PeriodShare | null,
  versionIds: readonly string[],
): Promise<LineDetails | undefined> {
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
    return [allowanceUseText(allowance.id, used, allowance.tokens, periodShare)];
  };
}

interface OverrideInPeriod {
  startsAt: Date;
  discountPercent: string | null;
  /** Model pattern → the token types the override prices for it. */
  modelRates: [string, string[]][];
}

async function overridesIn(
  db: DbOrTx,
  tenantId: string,
  period: { start: Date; end: Date },
): Promise<OverrideInPeriod[]> {
  const rows = await db.$queryRaw<{ starts_at: Date; discount_percent: string | null; model_rates: unknown }[]>`
    SELECT starts_at, discount_percent::text AS discount_percent, model_rates
      FROM tenant_price_overrides
     WHERE tenant_id = ${tenantId}::uuid AND starts_at < ${period.end}
       AND (ends_at IS NULL OR ends_at > ${period.start})
     ORDER BY starts_at`;
  return rows.map((row) => ({
    startsAt: row.starts_at,
    discountPercent: row.discount_percent === null ? null : decimalText(row.discount_percent),
    modelRates: Object.entries(
      typeof row.model_rates === "object" && row.model_rates !== null
        ? (row.model_rates as Record<string, unknown>)
        : {},
    ).map(([pattern, rates]): [string, string[]] => [
      pattern,
      typeof rates === "object" && rates !== null ? Object.keys(rates) : [],
    ]),
  }));
}

function overrideDetails(
  overrides: readonly OverrideInPeriod[],
  line: { modelId: string; tokenType: string },
  periodStart: Date,
): string[] {
  return overrides.flatMap((override) => [
    ...(override.discountPercent === null
      ? []
      : [overrideDiscountText(override.discountPercent, override.startsAt, periodStart)]),
    // The first pattern matching the model decides its rates (overrideRatesFor), per token type.
    ...(override.modelRates
      .find(([pattern]) => matchesModelPattern(pattern, line.modelId))?.[1]
      .includes(line.tokenType)
      ? [overrideRatesText(override.startsAt, periodStart)]
      : []),
  ]);
}
