import type { Decimal } from "decimal.js";
import { LEDGER_DECIMALS, Money } from "../money.ts";
import { billingPeriodEnd, nominalPeriodMs, type BillingAnchor } from "./billing-period.ts";

/**
 * How much of a whole billing period something covers: `coveredMs` of `periodMs`. Periods start at 00:00 UTC, so
 * both are whole days and the share is a day count (14 of 30 days). Every per-period term prorated anywhere uses
 * this one basis: the minimum commitment (the share a subscription covered, against a whole period of the anchor
 * in force) and the allowances and spend cap of a short period after an anchor change.
 */
export interface PeriodShare {
  coveredMs: number;
  periodMs: number;
}

const DAY_MS = 86_400_000;

/**
 * The share of a whole period (of the anchor in force, `nominalPeriodMs`) that the billing period starting at
 * `periodStart` covers, or null when it is a whole period (every period but the short first one after an anchor
 * change), so whole periods are never touched by proration.
 */
export function billingPeriodShare(periodStart: Date, anchor: BillingAnchor): PeriodShare | null {
  const periodMs = nominalPeriodMs(periodStart, anchor);
  const coveredMs = billingPeriodEnd(periodStart, anchor).getTime() - periodStart.getTime();
  return coveredMs < periodMs ? { coveredMs, periodMs } : null;
}

/**
 * `amount` × covered / period (the share capped at one whole period), exact to Money's 80 digits: 50 × 14/30 does
 * not terminate, so each caller rounds where its result is stored (the commitment after subtracting what was
 * charged, a money allowance and a spend cap below).
 */
export function prorateAmount(amount: Decimal, share: PeriodShare): Money {
  if (share.periodMs <= 0 || share.coveredMs <= 0) return new Money(0);
  return new Money(amount).times(Math.min(share.coveredMs, share.periodMs)).dividedBy(share.periodMs);
}

/**
 * Included tokens of a short period. The one rounding rule for token counts: floor to whole tokens (tokens are
 * whole, and the tenant never gets more than its exact share: 1,000,000 × 14/30 → 466,666).
 */
export function prorateTokens(tokens: bigint, share: PeriodShare): bigint {
  if (share.periodMs <= 0 || share.coveredMs <= 0) return 0n;
  const covered = Math.min(share.coveredMs, share.periodMs);
  // Both are whole milliseconds; bigint division of non-negative values floors.
  return (tokens * BigInt(covered)) / BigInt(share.periodMs);
}

/**
 * A per-period money term of a short period (the money allowance, the spend cap): prorated, then rounded down to
 * the ledger's 30 decimals, where the lines it produces are stored exactly. Down, as tokens are floored: the tenant
 * never gets more allowance than its exact share, and is never charged up to more than the cap's exact share
 * ($300 a month over 14 of 30 days: $140).
 */
export function prorateMoneyTerm(amount: Decimal, share: PeriodShare): Money {
  return prorateAmount(amount, share).toDecimalPlaces(LEDGER_DECIMALS, Money.ROUND_DOWN);
}

/** "14 of 30 days": a share as the day count it is. */
export function periodShareDays(share: PeriodShare): { covered: number; period: number } {
  return { covered: Math.round(share.coveredMs / DAY_MS), period: Math.round(share.periodMs / DAY_MS) };
}
