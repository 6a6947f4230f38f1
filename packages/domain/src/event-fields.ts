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
