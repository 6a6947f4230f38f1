import type { WebhookNetworkPolicy } from "@tollgate/domain";

/** A delivery job to queue: references only (the worker reads URL and secret from Postgres). */
export interface RedeliveryRequest {
  tenantId: string;
  eventId: string;
  endpointId: string;
  /** 1 for the first manual redelivery of this delivery, 2 for the next…: part of the job id. */
  redelivery: number;
}

/** The port through which a redelivery (an operator's or the tenant admin's) reaches the delivery queue (apps/api binds it). */
export interface WebhookRedeliveries {
  enqueue(request: RedeliveryRequest): Promise<void>;
}

/** What endpoint changes are checked against, and how host names are resolved (tests may replace it). */
export interface WebhookEndpointOptions {
  policy: WebhookNetworkPolicy;
  /** Resolves a host name to its addresses; [] when it does not resolve. Default: the system resolver. */
  resolve?: (hostname: string) => Promise<string[]>;
  now?: Date;
}
