// The REST API's snake_case shapes of usage totals and stored usage events.
import type { StoredUsageEvent, UsageTotals } from "@tollgate/use-cases/usage";

export function usageTotalsJson(totals: UsageTotals) {
  return {
    event_count: totals.eventCount,
    unrated_event_count: totals.unratedCount,
    tokens: totals.tokens,
    total_tokens: totals.totalTokens,
    amount: totals.amount,
  };
}

export function usageEventJson(event: StoredUsageEvent) {
  return {
    id: event.eventId,
    timestamp: event.occurredAt.toISOString(),
    received_at: event.receivedAt.toISOString(),
    model: event.modelId,
    provider: event.provider,
    input_tokens: event.tokens.input,
    cached_input_tokens: event.tokens.cached_input,
    cache_write_tokens: event.tokens.cache_write,
    output_tokens: event.tokens.output,
    reasoning_tokens: event.tokens.reasoning,
    service_tier: event.serviceTier,
    api_key_id: event.apiKeyId,
    customer: event.customer,
    agent: event.agent,
    task_id: event.taskId,
    session_id: event.sessionId,
    status: event.status as "ok" | "error" | "cancelled",
    metadata: (event.metadata ?? null) as Record<string, string> | null,
    rating_status: event.ratingStatus as "rated" | "unrated",
    amount: event.amount,
    currency: event.currency,
    reported_cost: event.reportedCost,
    plan_version_id: event.planVersionId,
  };
}
