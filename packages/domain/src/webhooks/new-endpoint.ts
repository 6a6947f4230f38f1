import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./event-types.ts";

/**
 * A tenant's new webhook endpoint: the console's form validates with this schema and the api's
 * `webhooks.createEndpoint` takes it as input. Whether the URL may be called (https, a public address) is decided
 * by the api (`checkWebhookUrl` and DNS), whose message the form shows at the URL field.
 */
export const newWebhookEndpointSchema = z.object({
  url: z.string().trim().min(1, "enter the URL to send events to").max(2000, "at most 2000 characters"),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, "pick at least one event type").max(WEBHOOK_EVENT_TYPES.length),
  description: z.string().trim().max(500, "at most 500 characters").optional(),
});
