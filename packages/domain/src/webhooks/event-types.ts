/**
 * The webhook event types Tollgate sends. Alerts of the same name (budget thresholds, credit, unpriced usage, a
 * disabled endpoint) become events of that type by a database trigger, so these names are also alert kinds.
 */
export const WEBHOOK_EVENT_TYPES = [
  "invoice.finalized",
  "invoice.paid",
  "invoice.voided",
  "credit_note.created",
  "budget.threshold_crossed",
  "credit.low",
  "credit.exhausted",
  "credit.depletion_forecast",
  "usage.unrated",
  "webhook.endpoint_disabled",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The alert kind written when an endpoint is disabled after failing for days (and the event type it becomes). */
export const WEBHOOK_ENDPOINT_DISABLED = "webhook.endpoint_disabled" satisfies WebhookEventType;

/**
 * The body POSTed to endpoints (Standard Webhooks' recommended envelope). Payload conventions for `data`:
 * snake_case keys, amounts as exact decimal strings, instants as ISO 8601 UTC, ids as strings.
 */
export interface WebhookEnvelope {
  // A WebhookEventType; string because stored rows are read back as text.
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export function webhookEnvelope(type: string, occurredAt: Date, data: Record<string, unknown>): WebhookEnvelope {
  return { type, timestamp: occurredAt.toISOString(), data };
}

/**
 * The alert kind the usage job writes for usage of a model without a price (and the event type it becomes), at most
 * once per (tenant, model, UTC day received).
 */
export const USAGE_UNRATED = "usage.unrated" satisfies WebhookEventType;

/** usage.unrated is sent at most once per (tenant, model, UTC day): this key, unique per tenant, decides it. */
export function usageUnratedDedupeKey(model: string, day: Date): string {
  return `usage.unrated:${model}:${day.toISOString().slice(0, 10)}`;
}
