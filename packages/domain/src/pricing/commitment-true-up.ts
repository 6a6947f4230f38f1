import type { Decimal } from "decimal.js";
import { LEDGER_DECIMALS, Money } from "../money.ts";
import { prorateAmount } from "./period-proration.ts";

export interface CommitmentPeriod {
  /** The plan version's minimum per full billing period. */
  minimum: Decimal;
  /** What was charged for usage under the version in the period (after discounts, allowances and cap). */
  charged: Decimal;
  /** How much of the period the subscription to the version covered, and the period's length (ms). */
  coveredMs: number;
  periodMs: number;
}

/**
 * The minimum commitment's true-up for one (tenant, plan version, period): the minimum, prorated by the share of
 * the period the subscription covered (a tenant that joins or leaves mid-month commits to that share;
 * prorateAmount, the basis allowances of a short period share), less what was charged, never below zero.
 * Proration is the one division in rating that may not terminate (50 × 14/30), so the result is rounded half-even
 * to the ledger's 30 decimal places (NUMERIC(65,30)), where it is stored exactly; rounding to the currency's minor
 * unit still happens only on invoices.
 */
export function commitmentTrueUp(period: CommitmentPeriod): Money {
  const prorated = prorateAmount(period.minimum, period);
  const due = prorated.minus(period.charged);
  return due.isPositive() && !due.isZero() ? due.toDecimalPlaces(LEDGER_DECIMALS, Money.ROUND_HALF_EVEN) : new Money(0);
}
