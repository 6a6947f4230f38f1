import { billingPeriodEnd, billingPeriodStart } from "../pricing/billing-period.ts";

export interface BillingPeriod {
  start: Date;
  end: Date;
}

/** The billing period containing `now` and the `previous` ones before it, oldest first. */
export function recentBillingPeriods(now: Date, previous: number): BillingPeriod[] {
  const periods: BillingPeriod[] = [];
  let start = billingPeriodStart(now);
  for (let index = 0; index <= previous; index++) {
    periods.unshift({ start, end: billingPeriodEnd(start) });
    start = billingPeriodStart(new Date(start.getTime() - 1));
  }
  return periods;
}
