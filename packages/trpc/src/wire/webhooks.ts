// The REST API's snake_case shapes of webhook endpoints and deliveries. Never the secret, except where create and
// rotate add it once (their procedures).
import type { WebhookDeliveryView, WebhookEndpointView } from "@tollgate/use-cases/webhooks";
import { isoOrNull } from "./iso.ts";

export function webhookEndpointJson(view: WebhookEndpointView) {
  return {
    id: view.id,
    tenant_id: view.tenantId,
    url: view.url,
    events: view.events,
    description: view.description,
    enabled: view.disabledAt === null,
    created_at: view.createdAt.toISOString(),
    updated_at: view.updatedAt.toISOString(),
    failing_since: isoOrNull(view.failingSince),
    disabled_at: isoOrNull(view.disabledAt),
    disabled_reason: view.disabledReason,
  };
}

export function webhookDeliveryJson(view: WebhookDeliveryView) {
  return {
    id: view.id,
    event_id: view.eventId,
    endpoint_id: view.endpointId,
    event_type: view.eventType,
    status: view.status,
    attempts: view.attempts,
    last_status_code: view.lastStatusCode,
    last_latency_ms: view.lastLatencyMs,
    last_error: view.lastError,
    last_attempt_at: isoOrNull(view.lastAttemptAt),
    succeeded_at: isoOrNull(view.succeededAt),
    created_at: view.createdAt.toISOString(),
    attempt_log: view.attemptLog.map((a) => ({
      attempt: a.attempt,
      manual: a.manual,
      status_code: a.statusCode,
      latency_ms: a.latencyMs,
      error: a.error,
      started_at: a.startedAt.toISOString(),
    })),
  };
}
