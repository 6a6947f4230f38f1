import { ERROR_CODES, usageEventInputSchema } from "@tollgate/domain";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { MAX_EVENTS_PER_REQUEST } from "../routes/events-body.ts";
import { compatOpenApiPaths } from "./compat-openapi.ts";
import { limitsOpenApiPaths } from "./limits-openapi.ts";

const errorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

const rejection = z.object({
  index: z.number().int().describe("position of the event in the request"),
  id: z.string().nullable(),
  code: z.string().describe("invalid_event or timestamp_out_of_range"),
  message: z.string().describe('"field: problem"'),
});

const ingestResponse = z.object({
  accepted: z.number().int().describe("events durably queued by this request"),
  duplicates: z
    .number()
    .int()
    .describe("events repeating an id already in this request or in a concurrent request: queued once"),
  rejected: z.array(rejection),
});

const eventsBody = z.union([
  usageEventInputSchema,
  z.object({ events: z.array(usageEventInputSchema).min(1).max(MAX_EVENTS_PER_REQUEST) }),
]);

const ERROR_RESPONSES: Record<string, string> = {
  "400": "bad_request: malformed JSON (with position, line and column), a wrong body shape, or no valid event",
  "401": "unauthenticated: missing, unknown or revoked API key",
  "403": "forbidden: the key lacks the ingest scope or belongs to no tenant",
  "413": "payload_too_large: body over 1 MiB (after gzip decompression)",
  "415": "unsupported_media_type: Content-Type other than application/json, or Content-Encoding other than gzip",
  "429": "rate_limited: the tenant's events-per-second limit, or the queue is backed up; see Retry-After",
  "503": "unavailable: Redis or Postgres is unreachable; nothing was accepted; see Retry-After",
};

const schema = (value: z.ZodType) => z.toJSONSchema(value, { target: "openapi-3.0", io: "input" });
const json = (value: z.ZodType) => ({ "application/json": { schema: schema(value) } });
const retryAfter = {
  "Retry-After": { description: "seconds to wait before retrying", schema: { type: "integer", minimum: 1 } },
};

/** POST /v1/events as served by ingest, generated from the zod schemas the route validates with. */
export function buildIngestOpenApiDocument() {
  return {
    openapi: "3.0.3",
    info: {
      title: "Tollgate ingest",
      version: "0.1.0",
      description:
        "Usage events in. Token counts are integers (0 to 10^12); `id` is the idempotency key, unique per tenant.",
    },
    servers: [{ url: "http://localhost:4000" }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "tg_<id>_<secret> tenant key" } },
    },
    security: [{ bearer: [] }],
    paths: {
      ...compatOpenApiPaths(),
      ...limitsOpenApiPaths(),
      "/v1/events": {
        post: {
          summary: "Send usage events (tenant key with the ingest scope)",
          description: [
            `One event, or {"events": [...]} with 1 to ${MAX_EVENTS_PER_REQUEST.toString()} events; at most 1 MiB`,
            "after decompression. Each event is validated on its own: valid events are accepted even when others",
            "are rejected. 202 means every accepted event is stored in Redis; re-sending an id is harmless.",
          ].join(" "),
          parameters: [
            {
              name: "Content-Encoding",
              in: "header",
              required: false,
              schema: { type: "string", enum: ["gzip", "identity"] },
            },
          ],
          requestBody: { required: true, content: json(eventsBody) },
          responses: {
            "202": { description: "accepted; rejected events are listed", content: json(ingestResponse) },
            ...Object.fromEntries(
              Object.entries(ERROR_RESPONSES).map(([status, description]) => [
                status,
                {
                  description,
                  content: json(errorBody),
                  ...(status === "429" || status === "503" ? { headers: retryAfter } : {}),
                },
              ]),
            ),
          },
        },
      },
    },
  };
}

export function registerIngestOpenApi(app: FastifyInstance): void {
  const document = buildIngestOpenApiDocument();
  app.get("/openapi.json", () => document);
}
