import { formatCount, formatUnitPrice } from "../money-format.ts";
import { Money } from "../money.ts";
import { periodShareDays, prorateTokens, type PeriodShare } from "../pricing/period-proration.ts";
import type { TierSchedule } from "../pricing/tier-schedule.ts";
import { shortDay } from "./utc-dates.ts";

/**
 * How a period's volume on a tiered meter splits over the schedule, as lines an invoice prints under the usage the
 * meter prices, e.g. "output tiers, 1,500,000 tokens this period: 1,000,000 at $10.00 / 1M, 500,000 at $5.00 / 1M".
 * Graduated: each tier's share; volume: all units at the tier the total reached; package: packages started.
 */
export function tierBreakdownText(meterId: string, schedule: TierSchedule, quantity: bigint, currency: string): string {
  const head = `${meterId} tiers, ${formatCount(quantity)} tokens this period`;
  if (schedule.mode === "package") {
    const packages = (quantity + schedule.packageSize - 1n) / schedule.packageSize;
    return (
      `${head}: ${formatCount(packages)} packages of ${formatCount(schedule.packageSize)} at ` +
      formatUnitPrice(schedule.packagePrice, currency)
    );
  }
  if (schedule.mode === "volume") {
    const tier = schedule.tiers.find((candidate) => candidate.upTo === null || quantity <= candidate.upTo);
    return `${head}: all at ${formatUnitPrice(tier?.pricePerMillion ?? new Money(0), currency)} / 1M (volume pricing)`;
  }
  const parts: string[] = [];
  let lower = 0n;
  for (const tier of schedule.tiers) {
    if (quantity <= lower) break;
    const upper = tier.upTo === null || quantity < tier.upTo ? quantity : tier.upTo;
    const fee = tier.flatFee && !tier.flatFee.isZero() ? ` + ${formatUnitPrice(tier.flatFee, currency)} flat` : "";
    parts.push(`${formatCount(upper - lower)} at ${formatUnitPrice(tier.pricePerMillion, currency)} / 1M${fee}`);
    if (tier.upTo === null) break;
    lower = tier.upTo;
  }
  return `${head}: ${parts.join(", ")}`;
}

/**
 * "included allowance free-tokens: 800,000 of 1,000,000 tokens used this period"; in a short period (the first
 * after an anchor change) the included tokens are the prorated ones the worker rated with, and the text says so:
 * "… 300,000 of 466,666 tokens used this period (1,000,000 prorated: 14 of 30 days)".
 */
export function allowanceUseText(
  allowanceId: string,
  used: bigint,
  planTokens: bigint,
  periodShare: PeriodShare | null = null,
): string {
  const included = periodShare ? prorateTokens(planTokens, periodShare) : planTokens;
  const shown = used > included ? included : used;
  const text = `included allowance ${allowanceId}: ${formatCount(shown)} of ${formatCount(included)} tokens used this period`;
  if (!periodShare) return text;
  const days = periodShareDays(periodShare);
  return `${text} (${formatCount(planTokens)} prorated: ${days.covered.toString()} of ${days.period.toString()} days)`;
}

/** "tenant discount 12.5 % (from Nov 14)": an override's discount, already inside the line's amount. */
export function overrideDiscountText(discountPercent: string, startsAt: Date, periodStart: Date): string {
  const from = startsAt > periodStart ? ` (from ${shortDay(startsAt)})` : "";
  return `tenant discount ${discountPercent} %${from}`;
}

/** "tenant price for this model (from Nov 14)": an override's custom rates priced the line. */
export function overrideRatesText(startsAt: Date, periodStart: Date): string {
  const from = startsAt > periodStart ? ` (from ${shortDay(startsAt)})` : "";
  return `tenant price for this model${from}`;
}
