import { AppError, isWebhookEventType, type WebhookEventType } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";

/** An endpoint as every read shows it: never the secret. */
export interface WebhookEndpointView {
  id: string;
  tenantId: string;
  url: string;
  events: string[];
  description: string;
  createdAt: Date;
  updatedAt: Date;
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
}

/** Create and rotate answer with the secret, once. */
export interface WebhookEndpointWithSecret extends WebhookEndpointView {
  secret: string;
}

export const MAX_ENDPOINTS_PER_TENANT = 20;
export const MAX_DESCRIPTION_LENGTH = 500;

export const endpointViewSelect = {
  id: true,
  tenantId: true,
  url: true,
  events: true,
  description: true,
  createdAt: true,
  updatedAt: true,
  failingSince: true,
  disabledAt: true,
  disabledReason: true,
} as const;

/** The endpoint of the tenant, or not_found (an id of another tenant is not found either). */
export async function findEndpoint(db: DbOrTx, tenantId: string, endpointId: string): Promise<WebhookEndpointView> {
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id: endpointId, tenantId },
    select: endpointViewSelect,
  });
  if (!endpoint) throw new AppError("not_found", `no webhook endpoint ${endpointId} for this tenant`);
  return endpoint;
}

/** At least one known event type, each once. */
export function parseEventTypes(events: readonly string[]): WebhookEventType[] {
  if (events.length === 0) throw new AppError("bad_request", "events: at least one event type");
  const unknown = events.filter((type) => !isWebhookEventType(type));
  if (unknown.length > 0) throw new AppError("bad_request", `events: unknown event type ${unknown.join(", ")}`);
  return [...new Set(events)] as WebhookEventType[];
}

export function parseDescription(description: string | undefined): string {
  const text = (description ?? "").trim();
  if (text.length > MAX_DESCRIPTION_LENGTH) {
    throw new AppError("bad_request", `description: at most ${MAX_DESCRIPTION_LENGTH.toString()} characters`);
  }
  return text;
}

/** The audit record of an endpoint: what changed, never the secret. */
export function endpointAuditRecord(view: WebhookEndpointView) {
  return {
    url: view.url,
    events: view.events,
    description: view.description,
    disabled_at: view.disabledAt?.toISOString() ?? null,
  };
}
