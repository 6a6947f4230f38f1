import { z } from "zod";
import { describeIssue } from "./describe-issue.ts";
import { canonicalTokensOf, INPUT_TOKEN_FIELDS } from "./event-fields.ts";
import { isWithinEventWindow } from "./event-time-window.ts";
import { parsePlainEventInput } from "./plain-event-input.ts";
import { convertProviderUsage } from "./provider-usage/convert-provider-usage.ts";
import { reportedCostSchema } from "./provider-usage/reported-cost.ts";
import { storedText } from "./stored-text.ts";
import type { UsageConversion } from "./provider-usage/usage-conversion.ts";
import { USAGE_FORMATS } from "./provider-usage/usage-formats.ts";
import { tokenCountSchema as tokenCount } from "./token-count.ts";
import { TOKEN_TYPES, type TokenCounts } from "./token-types.ts";

export { MAX_TOKENS_PER_FIELD } from "./token-count.ts";
export const MAX_METADATA_BYTES = 2048;
export { MAX_EVENT_AGE_MS, MAX_EVENT_SKEW_MS } from "./event-time-window.ts";

// Every text field is Postgres-storable (no NUL, no lone surrogate): such an event would otherwise fail in the
// worker forever, or collide with another id once stored.
const text = storedText;
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
  usage: z
    .record(z.string(), z.unknown(), { error: "must be an object (a provider's usage object)" })
    .optional()
    .describe("a provider's usage object, converted exactly to the token fields above (instead of them)"),
  usage_format: z
    .enum(USAGE_FORMATS, { error: `must be one of ${USAGE_FORMATS.join(", ")}` })
    .optional()
    .describe("the shape of `usage`; detected from its keys when omitted"),
  service_tier: shortText.optional(),
  customer: shortText.optional(),
  agent: shortText.optional(),
  task_id: shortText.optional(),
  session_id: shortText.optional(),
  status: z.enum(["ok", "error", "cancelled"]).optional(),
  reservation_id: shortText
    .optional()
    .describe("the id POST /v1/limits/reserve returned for this request: the event settles (releases) that hold"),
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
  /** The hard-limit reservation this event settles (POST /v1/limits/reserve). */
  reservation_id: z.string().max(200).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  /** The cost the provider reported (OpenRouter's usage.cost), an exact decimal string; billing still rates tokens. */
  reported_cost: reportedCostSchema.optional(),
});
export type QueuedUsageEvent = z.infer<typeof queuedUsageEventSchema>;

export type EventRejectionCode = "invalid_event" | "timestamp_out_of_range";

export type ParsedUsageEvent =
  { ok: true; event: QueuedUsageEvent } | { ok: false; code: EventRejectionCode; message: string; id?: string };

/** Validates one raw event and resolves its timestamp against `now` (receive time). Pure. */
export function parseUsageEvent(raw: unknown, now: Date): ParsedUsageEvent {
  const plain = parsePlainEventInput(raw, now);
  return plain ? { ok: true, event: plain } : parseUsageEventWithSchema(raw, now);
}

/** parseUsageEvent without the plain-shape shortcut: the specification the shortcut is tested against. */
export function parseUsageEventWithSchema(raw: unknown, now: Date): ParsedUsageEvent {
  const parsed = usageEventInputSchema.safeParse(raw);
  const rawId =
    typeof raw === "object" && raw !== null && "id" in raw && typeof raw.id === "string" ? raw.id : undefined;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, code: "invalid_event", message: describeIssue(issue), id: rawId };
  }
  if (hasOwnProtoKey(raw, "metadata")) {
    return { ok: false, code: "invalid_event", message: "metadata.__proto__: not allowed as a key", id: rawId };
  }
  const input = parsed.data;
  const counted = countTokens(input);
  if (!counted.ok) return { ok: false, code: "invalid_event", message: counted.message, id: input.id };
  const occurredAt = input.timestamp ? new Date(input.timestamp) : now;
  if (!isWithinEventWindow(occurredAt, now)) {
    return {
      ok: false,
      code: "timestamp_out_of_range",
      message: "timestamp: must be within the last 35 days and at most 5 minutes in the future",
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
      tokens: counted.tokens,
      service_tier: input.service_tier,
      customer: input.customer,
      agent: input.agent,
      task_id: input.task_id,
      session_id: input.session_id,
      status: input.status ?? "ok",
      reservation_id: input.reservation_id,
      metadata: input.metadata,
      ...(counted.reportedCost === undefined ? {} : { reported_cost: counted.reportedCost }),
    },
  };
}

/**
 * JSON.parse makes "__proto__" an own key, which zod's record copy drops without an issue: the key would vanish
 * from an accepted event, so it is refused instead.
 */
function hasOwnProtoKey(raw: unknown, field: string): boolean {
  if (typeof raw !== "object" || raw === null || !Object.hasOwn(raw, field)) return false;
  const value: unknown = (raw as Record<string, unknown>)[field];
  return typeof value === "object" && value !== null && Object.hasOwn(value, "__proto__");
}

const TOKEN_FIELDS = INPUT_TOKEN_FIELDS;

/** Token fields or a provider usage object, never both: mixing them would count some tokens twice. */
function countTokens(input: UsageEventInput): UsageConversion {
  const tokenFields = TOKEN_FIELDS.filter((field) => input[field] !== undefined);
  if (input.usage === undefined) {
    if (input.usage_format !== undefined) return { ok: false, message: "usage_format: only allowed with usage" };
    return { ok: true, tokens: canonicalTokensOf(input) };
  }
  if (tokenFields.length > 0) {
    return {
      ok: false,
      message: `usage: cannot be combined with ${tokenFields.join(", ")}; send token fields or a provider usage object`,
    };
  }
  return convertProviderUsage(input.usage, input.usage_format);
}

export function tokenCountsOf(event: QueuedUsageEvent): TokenCounts {
  const { tokens } = event;
  return {
    input: toBigInt(tokens.input),
    cached_input: toBigInt(tokens.cached_input),
    cache_write: toBigInt(tokens.cache_write),
    output: toBigInt(tokens.output),
    reasoning: toBigInt(tokens.reasoning),
  };
}

/** Most events leave some token types at 0: the literal is shared, BigInt(0) would be a new object each time. */
const toBigInt = (count: number): bigint => (count === 0 ? 0n : BigInt(count));
