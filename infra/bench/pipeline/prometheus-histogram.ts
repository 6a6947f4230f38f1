/** Cumulative bucket counts of one Prometheus histogram: upper bound (seconds) → count, plus +Inf. */
export type HistogramBuckets = Map<number, number>;

/** Parses `<name>_bucket{le="..."} <count>` lines (summing over label sets, e.g. several worker processes). */
export function parseHistogram(
  metricsText: string,
  name: string,
  into: HistogramBuckets = new Map(),
): HistogramBuckets {
  const pattern = new RegExp(`^${name}_bucket\\{(?:[^}]*,)?le="([^"]+)"[^}]*\\}\\s+(\\S+)`, "gm");
  for (const match of metricsText.matchAll(pattern)) {
    const bound = match[1] === "+Inf" ? Number.POSITIVE_INFINITY : Number(match[1]);
    into.set(bound, (into.get(bound) ?? 0) + Number(match[2]));
  }
  return into;
}

/** `after − before`, bucket by bucket: the observations made in between. */
export function subtractHistograms(after: HistogramBuckets, before: HistogramBuckets): HistogramBuckets {
  return new Map([...after].map(([bound, count]) => [bound, count - (before.get(bound) ?? 0)]));
}

/**
 * The q-quantile, interpolated linearly inside its bucket as Prometheus' histogram_quantile does; the bucket bounds
 * limit its precision. Returns null when there are no observations.
 */
export function histogramQuantile(buckets: HistogramBuckets, q: number): number | null {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = buckets.get(Number.POSITIVE_INFINITY) ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bound of bounds) {
    const count = buckets.get(bound) ?? 0;
    if (count >= rank) {
      if (bound === Number.POSITIVE_INFINITY) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket === 0 ? bound : lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}
