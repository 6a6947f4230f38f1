export { recordWebhookEvent, type WebhookEventInput, type WebhookEventType } from "./record-webhook-event.ts";
export { createWebhookEndpoint, type CreateWebhookEndpointInput } from "./create-webhook-endpoint.ts";
export { deleteWebhookEndpoint } from "./delete-webhook-endpoint.ts";
export { listWebhookEndpoints } from "./list-webhook-endpoints.ts";
export {
  listWebhookDeliveries,
  MAX_ATTEMPTS_SHOWN,
  type DeliveryCursor,
  type DeliveryFilter,
  type WebhookAttemptView,
  type WebhookDeliveryView,
} from "./list-webhook-deliveries.ts";
export { redeliverWebhook } from "./redeliver-webhook.ts";
export { rotateWebhookSecret } from "./rotate-webhook-secret.ts";
export { updateWebhookEndpoint, type UpdateWebhookEndpointInput } from "./update-webhook-endpoint.ts";
export type { WebhookEndpointView, WebhookEndpointWithSecret } from "./webhook-endpoint-view.ts";
export type { RedeliveryRequest, WebhookEndpointOptions, WebhookRedeliveries } from "./webhook-ports.ts";
export { generateWebhookSecret } from "./webhook-secret.ts";
