/** The browser's zone, read once. */
const BROWSER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The zone the usage page counts its days in (the query's `time_zone` and the "days in …" label): the browser's,
 * so daily buckets are the user's own calendar days. The one place that picks it.
 */
export function useUsageTimeZone(): string {
  return BROWSER_TIME_ZONE;
}
