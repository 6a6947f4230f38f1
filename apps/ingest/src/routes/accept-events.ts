import { parseUsageEvent, type EventRejectionCode, type QueuedUsageEvent } from "@tollgate/domain";
import { nativeMessage } from "../compat/rejection-fields.ts";

/** Compatibility endpoints reject a native event they cannot convert, e.g. a code the tenant has not mapped. */
export type ConversionRejectionCode = "unmapped_event";

export interface EventRejection {
  index: number;
  id: string | null;
  code: EventRejectionCode | ConversionRejectionCode;
  message: string;
}

/**
 * A raw canonical event to validate, or one already rejected while converting it from a native format. A converted
 * event names its native fields (canonical → native), so a rejection points at what the caller sent.
 */
export type EventCandidate =
  | { ok: true; raw: unknown; nativeFields?: Readonly<Record<string, string>> }
  | { ok: false; id: string | null; code: EventRejection["code"]; message: string };

export interface AcceptedBatch {
  accepted: QueuedUsageEvent[];
  /** Repeats of an id already in this request: they are not queued twice. */
  duplicates: number;
  rejected: EventRejection[];
}

/**
 * Validates each event on its own, so good events go through even when others in the request are rejected. Native
 * events converted to canonical ones keep their conversion rejections in their place (index) in the request.
 */
export function acceptCandidates(candidates: readonly EventCandidate[], now: Date): AcceptedBatch {
  const accepted: QueuedUsageEvent[] = [];
  const rejected: EventRejection[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  candidates.forEach((candidate, index) => {
    const parsed = candidate.ok ? parseUsageEvent(candidate.raw, now) : candidate;
    if (!parsed.ok) {
      const message =
        candidate.ok && candidate.nativeFields ? nativeMessage(parsed.message, candidate.nativeFields) : parsed.message;
      rejected.push({ index, id: parsed.id ?? null, code: parsed.code, message });
    } else if (seen.has(parsed.event.id)) {
      duplicates += 1;
    } else {
      seen.add(parsed.event.id);
      accepted.push(parsed.event);
    }
  });
  return { accepted, duplicates, rejected };
}
