/**
 * Billing periods start at 00:00 UTC on the tenant's anchor day (1–31) of each month; a month shorter than the
 * anchor starts its period on its last day (Stripe's rule: anchor 31 → Feb 28/29, Apr 30). Anchor 1, the default,
 * gives calendar months. Period counters, allowances, caps, budgets and invoices all use this one definition; the
 * SQL functions billing_period_start / billing_period_end apply the same rule (a test keeps them equal).
 */
export const MIN_BILLING_ANCHOR_DAY = 1;
export const MAX_BILLING_ANCHOR_DAY = 31;

/** Whether `day` can be a billing anchor day: a whole day of the month from 1 to 31. */
export function isBillingAnchorDay(day: number): boolean {
  return Number.isInteger(day) && day >= MIN_BILLING_ANCHOR_DAY && day <= MAX_BILLING_ANCHOR_DAY;
}

/** 00:00 UTC of the anchor day in month `month` (0-based, may overflow either way) of `year`, clamped to the month. */
function anchorInMonth(year: number, month: number, anchorDay: number): Date {
  if (anchorDay <= 28) return new Date(Date.UTC(year, month, anchorDay));
  // Day 0 of the next month is this month's last day.
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(anchorDay, daysInMonth)));
}

/** The start of the billing period containing `at`, for a tenant whose periods start on `anchorDay`. */
export function billingPeriodStart(at: Date, anchorDay = 1): Date {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  const start = anchorInMonth(year, month, anchorDay);
  return start <= at ? start : anchorInMonth(year, month - 1, anchorDay);
}

/** The end (exclusive) of the billing period starting at `periodStart`: the next month's anchor day. */
export function billingPeriodEnd(periodStart: Date, anchorDay = 1): Date {
  return anchorInMonth(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, anchorDay);
}
