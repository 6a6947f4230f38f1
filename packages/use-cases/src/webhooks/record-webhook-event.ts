import type { DbTx } from "@tollgate/db";
import { AppError, isWebhookEventType, type WebhookEventType } from "@tollgate/domain";

export type { WebhookEventType } from "@tollgate/domain";

export interface WebhookEventInput {
  tenantId: string;
  type: WebhookEventType;
  /** Unique per tenant: recording the same key again (a retried close, a repeated call) adds nothing. */
  dedupeKey: string;
  /** The envelope's `data`: snake_case keys, amounts as decimal strings, instants as ISO 8601 UTC. */
  payload: Record<string, unknown>;
  /** The envelope's `timestamp`; default now. */
  occurredAt?: Date;
}

/**
 * Writes the event in the caller's transaction (an outbox row; idempotent on (tenant, dedupeKey)), so it exists
 * exactly when the change it reports commits. The worker's outbox relay delivers it to the tenant's enabled
 * endpoints subscribed to its type at that time; an event nobody subscribes to is still recorded (the log then
 * shows no delivery for it).
 */
export async function recordWebhookEvent(tx: DbTx, event: WebhookEventInput): Promise<void> {
  // Callers are typed, but the type becomes a wire value other systems switch on: refuse an unknown one loudly.
  const type: string = event.type;
  if (!isWebhookEventType(type)) throw new AppError("bad_request", `unknown webhook event type ${type}`);
  if (event.dedupeKey === "") throw new AppError("bad_request", "webhook event dedupe key is empty");
  // Raw SQL: invoice closes record one per tenant at once, and the ORM's per-query compile is their main CPU cost.
  await tx.$executeRaw`
    INSERT INTO webhook_events (tenant_id, type, dedupe_key, payload, created_at)
    VALUES (${event.tenantId}::uuid, ${event.type}, ${event.dedupeKey}, ${JSON.stringify(event.payload)}::jsonb,
      ${event.occurredAt ?? new Date()})
    ON CONFLICT (tenant_id, dedupe_key) DO NOTHING`;
}
