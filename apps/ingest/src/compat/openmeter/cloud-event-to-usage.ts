import { TOKEN_TYPES } from "@tollgate/domain";
import type { EventCandidate } from "../../routes/accept-events.ts";
import { compatEventId } from "../compat-event-id.ts";
import { isRecord, metadataText, nonEmptyString, tokenCountValue } from "../native-values.ts";

const TOKEN_FIELDS = new Set(TOKEN_TYPES.map((type) => `${type}_tokens`));
/** `data` fields that are canonical event fields; any other field of `data` is kept as metadata. */
const CANONICAL_DATA_FIELDS = new Set([
  "model",
  "provider",
  "service_tier",
  "agent",
  "task_id",
  "session_id",
  "status",
]);

/** Canonical field → where it sits in a CloudEvent, so rejection messages name what the caller sent. */
const CLOUD_EVENT_FIELD_NAMES: Readonly<Record<string, string>> = {
  timestamp: "time",
  customer: "subject",
  metadata: "data",
  ...Object.fromEntries([...TOKEN_FIELDS, ...CANONICAL_DATA_FIELDS].map((field) => [field, `data.${field}`])),
};

const invalid = (id: string | null, message: string): EventCandidate => ({
  ok: false,
  id,
  code: "invalid_event",
  message,
});

/**
 * One CloudEvent as OpenMeter takes it: `subject` is the customer, `time` the timestamp, `data` holds `model` and
 * the canonical token fields (or OpenMeter's `{"tokens": n, "type": "input"}`). Deduplicated on `source` + `id`.
 */
export function cloudEventToCandidate(raw: unknown): EventCandidate {
  if (!isRecord(raw)) return invalid(null, "event: must be a CloudEvent object");
  const nativeId = nonEmptyString(raw.id);
  const source = nonEmptyString(raw.source);
  if (!nativeId) return invalid(null, "id: must be a non-empty string");
  if (!source) return invalid(nativeId, "source: must be a non-empty string");
  const id = compatEventId("openmeter", `${source}:${nativeId}`, [source, nativeId]);
  if (raw.specversion !== undefined && raw.specversion !== "1.0") return invalid(id, "specversion: must be '1.0'");
  const type = nonEmptyString(raw.type);
  if (!type) return invalid(id, "type: must be a non-empty string");
  if (raw.subject !== undefined && typeof raw.subject !== "string") return invalid(id, "subject: must be a string");
  if (raw.time !== undefined && typeof raw.time !== "string") return invalid(id, "time: must be an RFC 3339 string");
  if (!isRecord(raw.data)) return invalid(id, "data: must be an object holding model and token counts");

  const event: Record<string, unknown> = { id, timestamp: raw.time, customer: raw.subject };
  const metadata: Record<string, string> = { event_type: type };
  const typedForm = raw.data.tokens !== undefined;
  for (const [field, value] of Object.entries(raw.data)) {
    if (TOKEN_FIELDS.has(field)) event[field] = tokenCountValue(value);
    else if (CANONICAL_DATA_FIELDS.has(field)) event[field] = value;
    else if (!(typedForm && (field === "tokens" || field === "type"))) metadata[field] = metadataText(value);
  }
  const typed = typedTokens(raw.data);
  if (typed && !typed.ok) return invalid(id, typed.message);
  if (typed?.ok) {
    if (event[typed.field] !== undefined) return invalid(id, `data.tokens: ${typed.field} is also given`);
    event[typed.field] = typed.value;
  }
  event.metadata = metadata;
  return { ok: true, raw: event, nativeFields: CLOUD_EVENT_FIELD_NAMES };
}

type TypedTokens = { ok: true; field: string; value: unknown } | { ok: false; message: string };

/** OpenMeter's LLM examples send one token type per event: `{"tokens": 120, "type": "output"}`. */
function typedTokens(data: Record<string, unknown>): TypedTokens | null {
  if (data.tokens === undefined) return null;
  const field = typeof data.type === "string" ? `${data.type}_tokens` : "";
  if (!TOKEN_FIELDS.has(field)) {
    return { ok: false, message: `data.type: must be one of ${TOKEN_TYPES.join(", ")} when data.tokens is given` };
  }
  return { ok: true, field, value: tokenCountValue(data.tokens) };
}
