import { AppError } from "@tollgate/domain";

export const MAX_EVENTS_PER_REQUEST = 1000;

/** A request carries one event object or `{"events": [...]}` with 1–1,000 events. */
export function extractRawEvents(body: unknown): unknown[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError("bad_request", 'body must be one event object or {"events": [ ... ]}');
  }
  if (!("events" in body)) return [body];
  const { events } = body;
  if (!Array.isArray(events)) throw new AppError("bad_request", "events must be an array");
  if (events.length === 0 || events.length > MAX_EVENTS_PER_REQUEST) {
    throw new AppError(
      "bad_request",
      `events must hold 1 to ${MAX_EVENTS_PER_REQUEST.toString()} events, got ${events.length.toString()}`,
    );
  }
  return events;
}
