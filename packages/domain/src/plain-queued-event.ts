import { EVENT_STATUSES, OPTIONAL_TEXT_FIELDS } from "./event-fields.ts";
import { isoInstantTime } from "./iso-instant.ts";
import { MAX_TOKENS_PER_FIELD } from "./token-count.ts";
import { TOKEN_TYPES } from "./token-types.ts";
import type { QueuedUsageEvent } from "./usage-event.ts";

/** The fields of the plain shape; an event with metadata, a reported cost or any other key is left to zod. */
const PLAIN_KEYS = new Set<string>(["id", "timestamp", "model", "tokens", "status", ...OPTIONAL_TEXT_FIELDS]);
const STATUSES = new Set<string>(EVENT_STATUSES);
const MAX_TEXT = 200;

/**
 * True when `value` is a queued event in the plain shape ingest writes (every token count present, timestamp as
 * toISOString gives it, no metadata or reported cost): then queuedUsageEventSchema accepts it and returns an equal
 * object, so a consumer can use it as it is. False means only "not plain": validate with the schema. Checking the
 * common shape by hand costs a fraction of the generic parse, which was a tenth of the worker's CPU per event.
 */
export function isPlainQueuedEvent(value: unknown): value is QueuedUsageEvent {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const event = value as Record<string, unknown>;
  for (const key in event) if (!PLAIN_KEYS.has(key)) return false;
  const { id, timestamp, model, tokens, status } = event;
  if (!isText(id, 1) || !isText(model, 1) || typeof status !== "string" || !STATUSES.has(status)) return false;
  for (const key of OPTIONAL_TEXT_FIELDS) {
    const text = event[key];
    if (text !== undefined && !isText(text, 0)) return false;
  }
  return typeof timestamp === "string" && isoInstantTime(timestamp) !== undefined && isTokenCounts(tokens);
}

function isText(value: unknown, min: number): value is string {
  return typeof value === "string" && value.length >= min && value.length <= MAX_TEXT;
}

function isTokenCounts(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const tokens = value as Record<string, unknown>;
  let keys = 0;
  for (const key in tokens) {
    if (!Object.hasOwn(tokens, key)) return false;
    keys += 1;
  }
  if (keys !== TOKEN_TYPES.length) return false;
  for (const type of TOKEN_TYPES) {
    const count = tokens[type];
    if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0 || count > MAX_TOKENS_PER_FIELD) {
      return false;
    }
  }
  return true;
}
