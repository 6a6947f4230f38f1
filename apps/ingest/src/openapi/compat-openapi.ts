import { lagoMappingConfigSchema, stripeMappingConfigSchema } from "@tollgate/domain";
import { z } from "zod";

const schema = (value: z.ZodType) => z.toJSONSchema(value, { target: "openapi-3.0", io: "input" });
const described = (description: string) => ({ description });

const cloudEvent = {
  type: "object",
  required: ["id", "source", "type", "data"],
  properties: {
    id: { type: "string" },
    source: { type: "string", description: "with id, the idempotency key: the canonical id is `<source>:<id>`" },
    specversion: { type: "string", enum: ["1.0"] },
    type: { type: "string", description: "kept as metadata.event_type" },
    subject: { type: "string", description: "the customer" },
    time: { type: "string", format: "date-time" },
    data: {
      type: "object",
      description:
        "model plus canonical token fields (input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, " +
        'reasoning_tokens) or {"tokens": n, "type": "input"|"output"|...}; other fields are kept as metadata',
    },
  },
};

const lagoEvent = {
  type: "object",
  required: ["transaction_id", "code"],
  properties: {
    transaction_id: { type: "string", description: "the idempotency key (canonical id `lago:<transaction_id>`)" },
    external_customer_id: { type: "string", description: "the customer" },
    external_subscription_id: { type: "string", description: "the customer when external_customer_id is absent" },
    code: { type: "string", description: "picks the tenant's Lago mapping; unmapped codes are rejected" },
    timestamp: { oneOf: [{ type: "number" }, { type: "string" }], description: "Unix seconds, fractions allowed" },
    properties: { type: "object", description: "model and token counts where the mapping says; the rest is metadata" },
  },
};

const meterEventForm = {
  type: "object",
  required: ["event_name", "payload"],
  properties: {
    event_name: { type: "string", description: "picks the tenant's Stripe mapping; unmapped names are rejected" },
    identifier: { type: "string", description: "idempotency key; without it, the Idempotency-Key header" },
    timestamp: { type: "integer", description: "Unix seconds" },
    payload: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "payload[stripe_customer_id] and payload[value] (a whole number of tokens) by default",
    },
  },
};

/**
 * The compatibility endpoints: OpenMeter, Lago and Stripe clients switch their base URL to ingest and keep their
 * code. Each converts its native events to canonical ones, which then take the same path as POST /v1/events.
 */
export function compatOpenApiPaths() {
  return {
    "/api/v1/events": {
      post: {
        summary: "OpenMeter (CloudEvents) or Lago (one event) ingest, told apart by content type and body",
        description: [
          "OpenMeter: application/cloudevents+json (one) or application/cloudevents-batch+json (array); 204 on",
          'success, RFC 7807 problems otherwise. Lago: application/json {"event": {...}}; 200 {"event": ...} on',
          "success, Lago's {status, error, code, error_details} otherwise (422 for rejected events). Valid events of",
          "a request are accepted even when others are rejected (the error lists both); re-sending is harmless.",
          `Lago mapping config: ${JSON.stringify(schema(lagoMappingConfigSchema))}`,
        ].join(" "),
        requestBody: {
          required: true,
          content: {
            "application/cloudevents+json": { schema: cloudEvent },
            "application/cloudevents-batch+json": { schema: { type: "array", items: cloudEvent } },
            "application/json": { schema: { type: "object", properties: { event: lagoEvent } } },
          },
        },
        responses: {
          "200": described("Lago: the accepted event echoed"),
          "204": described("OpenMeter: every event queued"),
          "400": described("malformed body or rejected events (OpenMeter problem)"),
          "401": described("missing, unknown or revoked key"),
          "403": described("the key lacks the ingest scope"),
          "422": described("Lago: rejected events (validation_errors), e.g. unmapped_event"),
          "429": described("rate limited or queue backed up; see Retry-After"),
          "503": described("Redis or Postgres unavailable; see Retry-After"),
        },
      },
    },
    "/api/v1/events/batch": {
      post: {
        summary: "Lago batch ingest",
        description: 'application/json {"events": [...]} with 1 to 1,000 events; 200 {"events": [...]}.',
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { type: "object", properties: { events: { type: "array", items: lagoEvent } } },
            },
          },
        },
        responses: {
          "200": described("every event accepted, echoed"),
          "401": described("missing, unknown or revoked key"),
          "422": described("rejected events by index in error_details; the valid ones were accepted"),
        },
      },
    },
    "/v1/billing/meter_events": {
      post: {
        summary: "Stripe meter event ingest (form-encoded, one event)",
        description: [
          "Answers with a billing.meter_event object; errors in Stripe's {error: {type, code, message, param}}.",
          `Stripe mapping config: ${JSON.stringify(schema(stripeMappingConfigSchema))}`,
        ].join(" "),
        requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: meterEventForm } } },
        responses: {
          "200": described("the meter event, queued"),
          "400": described("invalid_request_error: unknown parameter, invalid value, unmapped_event"),
          "401": described("missing, unknown or revoked key"),
          "415": described("not form-encoded"),
        },
      },
    },
  };
}
