export { recordWebhookEvent, type WebhookEventInput, type WebhookEventType } from "./record-webhook-event.ts";
