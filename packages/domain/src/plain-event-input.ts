import { z } from "zod";
import { canonicalTokensOf, EVENT_STATUSES, INPUT_TOKEN_FIELDS, OPTIONAL_TEXT_FIELDS } from "./event-fields.ts";
import { isWithinEventWindow } from "./event-time-window.ts";
import { isoInstantTime } from "./iso-instant.ts";
import { MAX_TOKENS_PER_FIELD } from "./token-count.ts";
import type { QueuedUsageEvent } from "./usage-event.ts";

const TEXT_KEYS = ["id", "model", ...OPTIONAL_TEXT_FIELDS] as const;
const COUNT_KEYS = INPUT_TOKEN_FIELDS;
/** The fields of the plain shape: token fields, no provider usage object and no metadata. */
const PLAIN_KEYS = new Set<string>([...TEXT_KEYS, ...COUNT_KEYS, "timestamp", "status"]);
const STATUSES = new Set<string>(EVENT_STATUSES);
/** The very pattern usageEventInputSchema's timestamp uses. */
const DATETIME = z.regexes.datetime({ offset: true });
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const MAX_TEXT = 200;

/**
 * The queued event for a raw input event in the plain shape (token fields, valid text without surrogates, a
 * timestamp inside the window), exactly as parseUsageEvent's schema path would build it; undefined for anything
 * else, which the schema then checks and explains. Most events are plain, and this costs a fraction of the
 * generic parse, the largest part of ingest's CPU per event.
 */
export function parsePlainEventInput(raw: unknown, now: Date): QueuedUsageEvent | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const input = raw as Record<string, unknown>;
  for (const key in input) if (!PLAIN_KEYS.has(key)) return undefined;
  for (const key of TEXT_KEYS) {
    const value = input[key];
    if (value === undefined ? key === "id" || key === "model" : !isPlainText(value)) return undefined;
  }
  for (const key of COUNT_KEYS) {
    const value = input[key];
    if (value !== undefined && !isTokenCount(value)) return undefined;
  }
  const { status, timestamp } = input;
  if (status !== undefined && (typeof status !== "string" || !STATUSES.has(status))) return undefined;
  let occurredAt = now;
  // Already in the queued form (toISOString's) when isoInstantTime reads it.
  let queuedTimestamp: string | undefined;
  if (timestamp !== undefined) {
    if (typeof timestamp !== "string") return undefined;
    const time = isoInstantTime(timestamp);
    if (time !== undefined) {
      occurredAt = new Date(time);
      queuedTimestamp = timestamp;
    } else if (DATETIME.test(timestamp)) occurredAt = new Date(timestamp);
    else return undefined;
    if (!isWithinEventWindow(occurredAt, now)) return undefined;
  }
  const text = input as Partial<Record<(typeof TEXT_KEYS)[number], string>>;
  return {
    id: text.id ?? "",
    timestamp: queuedTimestamp ?? occurredAt.toISOString(),
    model: text.model ?? "",
    provider: text.provider,
    tokens: canonicalTokensOf(input),
    service_tier: text.service_tier,
    customer: text.customer,
    agent: text.agent,
    task_id: text.task_id,
    session_id: text.session_id,
    status: (status as QueuedUsageEvent["status"] | undefined) ?? "ok",
    reservation_id: text.reservation_id,
    metadata: undefined,
  };
}

/** usageEventInputSchema's text: 1–200 UTF-16 units, no NUL; any surrogate at all is left to the schema. */
function isPlainText(value: unknown): boolean {
  return (
    typeof value === "string" &&
    value.length >= 1 &&
    value.length <= MAX_TEXT &&
    !value.includes("\u0000") &&
    !ANY_SURROGATE.test(value)
  );
}

function isTokenCount(value: unknown): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= MAX_TOKENS_PER_FIELD;
}
