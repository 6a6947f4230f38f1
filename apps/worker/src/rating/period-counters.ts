import type { PeriodCounters } from "@tollgate/domain";

/** One usage_period_counters row a job reads or advances. */
export interface CounterKey {
  tenantId: string;
  periodStart: Date;
  meter: string;
}

/** Counters of one tenant and billing period, keyed `${tenantId}|${periodStart ISO}`. */
export type CountersByPeriod = Map<string, PeriodCounters>;

export const periodKey = (tenantId: string, periodStart: Date) => `${tenantId}|${periodStart.toISOString()}`;
