import type { Decimal } from "decimal.js";
import { formatMoney } from "../money-format.ts";
import { periodShareDays, prorateMoneyTerm, type PeriodShare } from "../pricing/period-proration.ts";

/**
 * The ledger descriptions of a period's money terms (the worker's usage_charge lines without a token type), which
 * invoices print in their "discounts" section under "<model> · <description>".
 */
export const MONEY_ALLOWANCE_DESCRIPTION = "included allowance";
export const SPEND_CAP_DESCRIPTION = "spend cap";

/**
 * "spend cap $300.00 per period"; in a short period (the first after an anchor change) the cap is the prorated one
 * the worker rated with, and the text says so: "spend cap $140.00 this period ($300.00 prorated: 14 of 30 days)".
 */
export function spendCapText(planCap: Decimal, currency: string, periodShare: PeriodShare | null = null): string {
  return `${SPEND_CAP_DESCRIPTION} ${moneyTermText(planCap, currency, periodShare)}`;
}

/** "included allowance credit: $3.00 per period", or "… $1.40 this period ($3.00 prorated: 14 of 30 days)". */
export function moneyAllowanceText(
  allowanceId: string,
  planAmount: Decimal,
  currency: string,
  periodShare: PeriodShare | null = null,
): string {
  return `${MONEY_ALLOWANCE_DESCRIPTION} ${allowanceId}: ${moneyTermText(planAmount, currency, periodShare)}`;
}

function moneyTermText(planAmount: Decimal, currency: string, periodShare: PeriodShare | null): string {
  if (!periodShare) return `${formatMoney(planAmount, currency)} per period`;
  const days = periodShareDays(periodShare);
  const prorated = formatMoney(prorateMoneyTerm(planAmount, periodShare), currency);
  return (
    `${prorated} this period (${formatMoney(planAmount, currency)} prorated: ` +
    `${days.covered.toString()} of ${days.period.toString()} days)`
  );
}
