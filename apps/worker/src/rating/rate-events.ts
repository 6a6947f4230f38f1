import type { BillingAnchor } from "@tollgate/domain";
import type { PlanContextLookup } from "./plan-context.ts";
import type { CountersByPeriod } from "./period-counters.ts";
import { rateTenantUsage, type UsageRating } from "./rate-usage.ts";
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
  anchor: BillingAnchor,
  events: readonly JobEvent[],
  lookup: PlanContextLookup,
  counters?: CountersByPeriod,
): RatedEvent[] {
  const ratings = rateTenantUsage(tenantId, anchor, events, lookup, counters);
  return events.map((event, index) => withRating(event, ratings[index] ?? { status: "unrated", reason: "missing" }));
}

/**
 * The event with its rating, fields copied one by one: `{ ...event, rating }` took about 1 µs per event in V8
 * (object spread plus a property leaves the fast clone path), which showed in the worker's profile.
 */
function withRating(event: JobEvent, rating: UsageRating): RatedEvent {
  return {
    event: event.event,
    apiKeyId: event.apiKeyId,
    modelId: event.modelId,
    requestedModel: event.requestedModel,
    occurredAt: event.occurredAt,
    occurredAtText: event.occurredAtText,
    receivedAt: event.receivedAt,
    hourStart: event.hourStart,
    tokens: event.tokens,
    serviceTier: event.serviceTier,
    rating,
  };
}
