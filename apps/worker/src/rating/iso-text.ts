/** toISOString of the hours seen lately: a job's ledger lines and rollup rows share a few hours. */
const cache = new Map<number, string>();
const MAX_CACHED = 4096;

/**
 * date.toISOString(), remembered per instant. The call costs about 0.6 µs, and the worker formats the same few
 * hour starts for every ledger line and rollup row.
 */
export function isoText(date: Date): string {
  const time = date.getTime();
  let text = cache.get(time);
  if (text === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    text = date.toISOString();
    cache.set(time, text);
  }
  return text;
}
