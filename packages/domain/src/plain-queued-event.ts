import { MAX_TOKENS_PER_FIELD } from "./token-count.ts";
import { TOKEN_TYPES } from "./token-types.ts";
import type { QueuedUsageEvent } from "./usage-event.ts";

/** The fields of the plain shape; an event with metadata, a reported cost or any other key is left to zod. */
const PLAIN_KEYS = new Set([
  "id",
  "timestamp",
  "model",
  "provider",
  "tokens",
  "service_tier",
  "customer",
  "agent",
  "task_id",
  "session_id",
  "status",
  "reservation_id",
]);
const OPTIONAL_TEXT_KEYS = [
  "provider",
  "service_tier",
  "customer",
  "agent",
  "task_id",
  "session_id",
  "reservation_id",
] as const;
const STATUSES = new Set(["ok", "error", "cancelled"]);
/** Date#toISOString's format (isIsoInstant also checks the calendar: no February 30). */
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
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
  for (const key of OPTIONAL_TEXT_KEYS) {
    const text = event[key];
    if (text !== undefined && !isText(text, 0)) return false;
  }
  return isIsoInstant(timestamp) && isTokenCounts(tokens);
}

function isText(value: unknown, min: number): value is string {
  return typeof value === "string" && value.length >= min && value.length <= MAX_TEXT;
}

/** Date#toISOString's form, with the calendar checked by hand (Date.parse plus a round trip cost more). */
function isIsoInstant(value: unknown): boolean {
  if (typeof value !== "string" || !ISO_INSTANT.test(value)) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    digits(value, 11, 2) <= 23 &&
    digits(value, 14, 2) <= 59 &&
    digits(value, 17, 2) <= 59
  );
}

/** The number written by `length` ASCII digits from `start` (the caller checked they are digits). */
function digits(text: string, start: number, length: number): number {
  let number = 0;
  for (let index = start; index < start + length; index += 1) number = number * 10 + text.charCodeAt(index) - 48;
  return number;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
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
