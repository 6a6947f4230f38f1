import { listUsageEvents } from "@tollgate/use-cases/usage";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { usageEventJson } from "../../wire/index.ts";
import { decodeEventsCursor, encodeEventsCursor } from "./usage-events-cursor.ts";
import { rfc3339, tenantIdQuery, toUsageRange, USAGE_READ_ACCESS } from "./usage-read-query.ts";

export const MAX_EVENTS_PAGE = 1000;

const usageEventsInput = z.strictObject({
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

const usageEventOutput = z.object({
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

const usageEventsOutput = z.object({
  tenant_id: z.uuid(),
  events: z.array(usageEventOutput),
  next_cursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last page."),
});

/** GET /v1/usage/events: raw events in [from, to), oldest first, by keyset pages with an opaque cursor. */
export const usageReadEventsOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/usage/events",
      summary: "Raw usage events in [from, to), oldest first, paginated",
      description:
        `${USAGE_READ_ACCESS} Ordered by (timestamp, id). Pass next_cursor back as cursor with the same from, to and ` +
        "tenant; an altered or foreign cursor is a 400. Every event appears exactly once across pages.",
      responseDescription: "a page of events",
      errors: [400, 401, 403, 404],
    },
  })
  .input(usageEventsInput)
  .output(usageEventsOutput)
  .query(async ({ ctx, input }) => {
    const range = toUsageRange(input, { wholeHours: false });
    const scope = { tenantId: ctx.tenantId, ...range };
    const after = input.cursor ? decodeEventsCursor(input.cursor, scope) : null;
    const page = await listUsageEvents(ctx.db, ctx.tenantId, range, { after, limit: input.limit ?? 100 });
    return {
      tenant_id: ctx.tenantId,
      events: page.events.map(usageEventJson),
      next_cursor: page.next ? encodeEventsCursor(page.next, scope) : null,
    };
  });
