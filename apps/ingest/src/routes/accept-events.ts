import { parseUsageEvent, type EventRejectionCode, type QueuedUsageEvent } from "@tollgate/domain";

export interface EventRejection {
  index: number;
  id: string | null;
  code: EventRejectionCode;
  message: string;
}

export interface AcceptedBatch {
  accepted: QueuedUsageEvent[];
  /** Repeats of an id already in this request: they are not queued twice. */
  duplicates: number;
  rejected: EventRejection[];
}

/** Validates each event on its own, so good events go through even when others in the batch are rejected. */
export function acceptEvents(rawEvents: readonly unknown[], now: Date): AcceptedBatch {
  const accepted: QueuedUsageEvent[] = [];
  const rejected: EventRejection[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  rawEvents.forEach((raw, index) => {
    const parsed = parseUsageEvent(raw, now);
    if (!parsed.ok) {
      rejected.push({ index, id: parsed.id ?? null, code: parsed.code, message: parsed.message });
    } else if (seen.has(parsed.event.id)) {
      duplicates += 1;
    } else {
      seen.add(parsed.event.id);
      accepted.push(parsed.event);
    }
  });
  return { accepted, duplicates, rejected };
}
