import { z } from "zod";
import { TOKEN_TYPES, type TokenCounts } from "./token-types.ts";

/** Largest accepted token count per field: 10^12 (far above any real request, still a safe JS integer). */
export const MAX_TOKENS_PER_FIELD = 1_000_000_000_000;
export const MAX_METADATA_BYTES = 2048;
/** Events may be back-dated this far (a month-end close plus slack) and forward-dated a little (clock skew). */
export const MAX_EVENT_AGE_MS = 35 * 24 * 60 * 60 * 1000;
export const MAX_EVENT_SKEW_MS = 5 * 60 * 1000;

const tokenCount = z
  .number({ error: "must be an integer number of tokens" })
  .int("must be an integer")
  .min(0, "must be >= 0")
  .max(MAX_TOKENS_PER_FIELD, `must be <= ${MAX_TOKENS_PER_FIELD}`);

// Postgres text cannot hold NUL; rejecting it here keeps such an event from failing in the worker forever.
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes("\u0000"), "must not contain NUL characters");
const shortText = text(200).min(1);

/** The canonical usage event accepted by POST /v1/events (snake_case, as callers send it). */
export const usageEventInputSchema = z.strictObject({
  id: text(200).min(1, "id is required"),
  timestamp: z.iso.datetime({ offset: true, error: "must be an RFC 3339 date-time" }).optional(),
  model: shortText,
  provider: shortText.optional(),
  input_tokens: tokenCount.optional(),
  cached_input_tokens: tokenCount.optional(),
  cache_write_tokens: tokenCount.optional(),
  output_tokens: tokenCount.optional(),
  reasoning_tokens: tokenCount.optional(),
  service_tier: shortText.optional(),
  customer: shortText.optional(),
  agent: shortText.optional(),
  task_id: shortText.optional(),
  session_id: shortText.optional(),
  status: z.enum(["ok", "error", "cancelled"]).optional(),
  metadata: z
    .record(text(100), text(MAX_METADATA_BYTES))
    .refine((value) => new TextEncoder().encode(JSON.stringify(value)).length <= MAX_METADATA_BYTES, {
      message: `metadata must be at most ${MAX_METADATA_BYTES} bytes as JSON`,
    })
    .optional(),
});
export type UsageEventInput = z.infer<typeof usageEventInputSchema>;

/**
 * A validated event as it travels on the queue: JSON-safe (token counts are integers ≤ 10^12, so plain numbers),
 * timestamp resolved. The worker turns counts into bigint.
 */
export const queuedUsageEventSchema = z.object({
  id: z.string().min(1).max(200),
  timestamp: z.iso.datetime({ offset: true }),
  model: z.string().min(1).max(200),
  provider: z.string().max(200).optional(),
  tokens: z.object(
    Object.fromEntries(TOKEN_TYPES.map((type) => [type, tokenCount])) as Record<
      (typeof TOKEN_TYPES)[number],
      typeof tokenCount
    >,
  ),
  service_tier: z.string().max(200).optional(),
  customer: z.string().max(200).optional(),
  agent: z.string().max(200).optional(),
  task_id: z.string().max(200).optional(),
  session_id: z.string().max(200).optional(),
  status: z.enum(["ok", "error", "cancelled"]),
  metadata: z.record(z.string(), z.string()).optional(),
});
export type QueuedUsageEvent = z.infer<typeof queuedUsageEventSchema>;

export type EventRejectionCode = "invalid_event" | "timestamp_out_of_range";

export type ParsedUsageEvent =
  { ok: true; event: QueuedUsageEvent } | { ok: false; code: EventRejectionCode; message: string; id?: string };

/** Validates one raw event and resolves its timestamp against `now` (receive time). Pure. */
export function parseUsageEvent(raw: unknown, now: Date): ParsedUsageEvent {
  const parsed = usageEventInputSchema.safeParse(raw);
  const rawId =
    typeof raw === "object" && raw !== null && "id" in raw && typeof raw.id === "string" ? raw.id : undefined;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, code: "invalid_event", message: describeIssue(issue), id: rawId };
  }
  const input = parsed.data;
  const occurredAt = input.timestamp ? new Date(input.timestamp) : now;
  const ageMs = now.getTime() - occurredAt.getTime();
  if (ageMs > MAX_EVENT_AGE_MS || -ageMs > MAX_EVENT_SKEW_MS) {
    return {
      ok: false,
      code: "timestamp_out_of_range",
      message: "timestamp must be within the last 35 days and at most 5 minutes in the future",
      id: input.id,
    };
  }
  return {
    ok: true,
    event: {
      id: input.id,
      timestamp: occurredAt.toISOString(),
      model: input.model,
      provider: input.provider,
      tokens: {
        input: input.input_tokens ?? 0,
        cached_input: input.cached_input_tokens ?? 0,
        cache_write: input.cache_write_tokens ?? 0,
        output: input.output_tokens ?? 0,
        reasoning: input.reasoning_tokens ?? 0,
      },
      service_tier: input.service_tier,
      customer: input.customer,
      agent: input.agent,
      task_id: input.task_id,
      session_id: input.session_id,
      status: input.status ?? "ok",
      metadata: input.metadata,
    },
  };
}

/** "field: problem", so a caller can see at once which field of which event is wrong. */
function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "event: invalid";
  if (issue.code === "unrecognized_keys") return `${issue.keys.join(", ")}: unknown field`;
  const path = issue.path.length > 0 ? issue.path.join(".") : "event";
  return `${path}: ${issue.message}`;
}

export function tokenCountsOf(event: QueuedUsageEvent): TokenCounts {
  return {
    input: BigInt(event.tokens.input),
    cached_input: BigInt(event.tokens.cached_input),
    cache_write: BigInt(event.tokens.cache_write),
    output: BigInt(event.tokens.output),
    reasoning: BigInt(event.tokens.reasoning),
  };
}
