import { listUsageEvents, resolveUsageReadTenant, type StoredUsageEvent } from "@tollgate/use-cases/usage";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiDeps } from "../api-deps.ts";
import { authenticateRequest } from "./authenticate-request.ts";
import { parseRequest } from "./parse-request.ts";
import { decodeEventsCursor, encodeEventsCursor } from "./usage-events-cursor.ts";
import { rfc3339, tenantIdQuery, toUsageRange } from "./usage-query.ts";

export const MAX_EVENTS_PAGE = 1000;

export const usageEventsQuery = z.strictObject({
  from: rfc3339.describe("Start (inclusive), by the event's timestamp."),
  to: rfc3339.describe("End (exclusive)."),
  cursor: z.string().min(1).max(1000).optional().describe("next_cursor of the previous page, unchanged."),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${MAX_EVENTS_PAGE}`)
    .transform(Number)
    .pipe(z.number().min(1, "must be at least 1").max(MAX_EVENTS_PAGE, `must be at most ${MAX_EVENTS_PAGE}`))
    .optional()
    .describe(`Page size, default 100, at most ${MAX_EVENTS_PAGE}.`),
  tenant_id: tenantIdQuery,
});

const tokenString = z.string().describe("integer token count as a decimal string");

export const usageEventBody = z.object({
  id: z.string(),
  timestamp: z.string(),
  received_at: z.string(),
  model: z.string(),
  provider: z.string().nullable(),
  input_tokens: tokenString,
  cached_input_tokens: tokenString,
  cache_write_tokens: tokenString,
  output_tokens: tokenString,
  reasoning_tokens: tokenString,
  service_tier: z.string().nullable(),
  api_key_id: z.string().nullable(),
  customer: z.string().nullable(),
  agent: z.string().nullable(),
  task_id: z.string().nullable(),
  session_id: z.string().nullable(),
  status: z.enum(["ok", "error", "cancelled"]),
  metadata: z.record(z.string(), z.string()).nullable(),
  rating_status: z.enum(["rated", "unrated"]),
  amount: z.string().nullable().describe("full-precision decimal string; null while unrated"),
  currency: z.string().nullable(),
  reported_cost: z
    .string()
    .nullable()
    .describe("the cost the provider reported (OpenRouter `usage.cost`), exact decimal string; null when not reported"),
  plan_version_id: z.string().nullable(),
});

export const usageEventsResponse = z.object({
  tenant_id: z.uuid(),
  events: z.array(usageEventBody),
  next_cursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last page."),
});

function toBody(event: StoredUsageEvent): z.infer<typeof usageEventBody> {
  return {
    id: event.eventId,
    timestamp: event.occurredAt.toISOString(),
    received_at: event.receivedAt.toISOString(),
    model: event.modelId,
    provider: event.provider,
    input_tokens: event.tokens.input,
    cached_input_tokens: event.tokens.cached_input,
    cache_write_tokens: event.tokens.cache_write,
    output_tokens: event.tokens.output,
    reasoning_tokens: event.tokens.reasoning,
    service_tier: event.serviceTier,
    api_key_id: event.apiKeyId,
    customer: event.customer,
    agent: event.agent,
    task_id: event.taskId,
    session_id: event.sessionId,
    status: event.status as z.infer<typeof usageEventBody>["status"],
    metadata: (event.metadata ?? null) as Record<string, string> | null,
    rating_status: event.ratingStatus as z.infer<typeof usageEventBody>["rating_status"],
    amount: event.amount,
    currency: event.currency,
    reported_cost: event.reportedCost,
    plan_version_id: event.planVersionId,
  };
}

/** GET /v1/usage/events: raw events in [from, to), oldest first, by keyset pages with an opaque cursor. */
export function registerUsageEvents(app: FastifyInstance, deps: ApiDeps): void {
  app.get("/v1/usage/events", async (request) => {
    const principal = await authenticateRequest(request, deps);
    const query = parseRequest(usageEventsQuery, request.query, "query");
    const tenantId = await resolveUsageReadTenant(deps.db, principal, query.tenant_id);
    const range = toUsageRange(query, { wholeHours: false });
    const scope = { tenantId, ...range };
    const after = query.cursor ? decodeEventsCursor(query.cursor, scope) : null;
    const page = await listUsageEvents(deps.db, tenantId, range, { after, limit: query.limit ?? 100 });
    const response: z.infer<typeof usageEventsResponse> = {
      tenant_id: tenantId,
      events: page.events.map(toBody),
      next_cursor: page.next ? encodeEventsCursor(page.next, scope) : null,
    };
    return response;
  });
}
