import { billingPeriodEnd, billingPeriodStart, type BillingAnchor } from "../pricing/billing-period.ts";

export interface BillingPeriod {
  start: Date;
  end: Date;
}

/** The billing period containing `now` and the `previous` ones before it, oldest first, for an anchor (schedule). */
export function recentBillingPeriods(now: Date, previous: number, anchorDay: BillingAnchor = 1): BillingPeriod[] {
  const periods: BillingPeriod[] = [];
  let start = billingPeriodStart(now, anchorDay);
  for (let index = 0; index <= previous; index++) {
    periods.unshift({ start, end: billingPeriodEnd(start, anchorDay) });
    start = billingPeriodStart(new Date(start.getTime() - 1), anchorDay);
  }
  return periods;
}
