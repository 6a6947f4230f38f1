import { WEBHOOK_EVENT_TYPES } from "@tollgate/domain";
import { z } from "zod";
import { tenantIdParam, uuidParam } from "../admin-fields.ts";

export const ENDPOINTS_PATH = "/v1/admin/tenants/{tenantId}/webhook-endpoints";
export const ENDPOINT_PATH = `${ENDPOINTS_PATH}/{endpointId}`;
export const DELIVERIES_PATH = "/v1/admin/tenants/{tenantId}/webhook-deliveries";

export const endpointParams = { tenantId: tenantIdParam, endpointId: uuidParam("webhook endpoint") };

export const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, "at least one event type")
  .max(WEBHOOK_EVENT_TYPES.length)
  .describe(`event types to send: ${WEBHOOK_EVENT_TYPES.join(", ")}`);

export const webhookUrl = z
  .string()
  .min(1)
  .max(2000)
  .describe(
    "https URL of a public address; private, loopback and link-local addresses (and http) only when the operator " +
      "setting WEBHOOK_ALLOW_PRIVATE_NETWORKS is true",
  );

export const endpointOutput = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string(),
  enabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  failing_since: z.string().nullable().describe("first failed attempt since the last success"),
  disabled_at: z.string().nullable(),
  disabled_reason: z.string().nullable(),
});

export const endpointWithSecretOutput = endpointOutput.extend({
  secret: z
    .string()
    .describe("the Standard Webhooks signing secret (whsec_…): shown this once, never in any read; store it now"),
});

export const deliveryOutput = z.object({
  id: z.uuid(),
  event_id: z.uuid().describe("also the webhook-id header: the same on every attempt, for receivers to dedupe"),
  endpoint_id: z.uuid(),
  event_type: z.string(),
  status: z.enum(["pending", "retrying", "succeeded", "failed"]),
  attempts: z.number().int(),
  last_status_code: z.number().int().nullable(),
  last_latency_ms: z.number().int().nullable(),
  last_error: z.string().nullable(),
  last_attempt_at: z.string().nullable(),
  succeeded_at: z.string().nullable(),
  created_at: z.string(),
  attempt_log: z.array(
    z.object({
      attempt: z.number().int(),
      manual: z.boolean().describe("a redelivery asked for by an operator or a tenant admin"),
      status_code: z.number().int().nullable().describe("null: no HTTP response (see error)"),
      latency_ms: z.number().int(),
      error: z.string().nullable(),
      started_at: z.string(),
    }),
  ),
});
