import type { PlanContextLookup } from "../pricing/plan-contexts.ts";
import type { CountersByPeriod } from "../pricing/period-counter-store.ts";
import { rateTenantUsage, type UsageRating } from "../pricing/rate-usage.ts";
import type { JobEvent } from "./job-events.ts";

export interface RatedEvent extends JobEvent {
  rating: UsageRating;
}

/**
 * Rates one tenant's events, each at the plan version and override in force at its own timestamp. Events whose
 * prices depend on the period so far are rated in timestamp order against `counters` (locked by the caller).
 */
export function rateEvents(
  tenantId: string,
  events: readonly JobEvent[],
  lookup: PlanContextLookup,
  counters?: CountersByPeriod,
): RatedEvent[] {
  const ratings = rateTenantUsage(tenantId, events, lookup, counters);
  return events.map((event, index) => ({
    ...event,
    rating: ratings[index] ?? { status: "unrated", reason: "missing" },
  }));
}
