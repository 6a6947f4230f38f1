/** Events may be back-dated this far (a month-end close plus slack) and forward-dated a little (clock skew). */
export const MAX_EVENT_AGE_MS = 35 * 24 * 60 * 60 * 1000;
export const MAX_EVENT_SKEW_MS = 5 * 60 * 1000;

/** Whether an event at `occurredAt`, received at `now`, is inside the accepted window. */
export function isWithinEventWindow(occurredAt: Date, now: Date): boolean {
  const ageMs = now.getTime() - occurredAt.getTime();
  return ageMs <= MAX_EVENT_AGE_MS && -ageMs <= MAX_EVENT_SKEW_MS;
}
