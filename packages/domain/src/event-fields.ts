import type { CanonicalTokenCounts } from "./provider-usage/usage-conversion.ts";

/** The optional text fields of a usage event (the same names on input and on the queue). */
export const OPTIONAL_TEXT_FIELDS = [
  "provider",
  "service_tier",
  "customer",
  "agent",
  "task_id",
  "session_id",
  "reservation_id",
] as const;

/** The canonical event's token fields on input (the queue's `tokens` object uses the token types instead). */
export const INPUT_TOKEN_FIELDS = [
  "input_tokens",
  "cached_input_tokens",
  "cache_write_tokens",
  "output_tokens",
  "reasoning_tokens",
] as const;

/** Event statuses; "ok" when absent. */
export const EVENT_STATUSES = ["ok", "error", "cancelled"] as const;

export type InputTokenField = (typeof INPUT_TOKEN_FIELDS)[number];

/** The queued `tokens` object of an event's token fields; an absent field is 0. */
export function canonicalTokensOf(fields: Partial<Record<InputTokenField, number>>): CanonicalTokenCounts {
  return {
    input: fields.input_tokens ?? 0,
    cached_input: fields.cached_input_tokens ?? 0,
    cache_write: fields.cache_write_tokens ?? 0,
    output: fields.output_tokens ?? 0,
    reasoning: fields.reasoning_tokens ?? 0,
  };
}
