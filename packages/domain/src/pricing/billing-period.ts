/**
 * Billing periods are calendar months in UTC: every tenant's period starts at 00:00 UTC on the 1st. Period counters,
 * allowances, caps and budgets all use this one definition.
 */
export function billingPeriodStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function billingPeriodEnd(periodStart: Date): Date {
  return new Date(Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, 1));
}
