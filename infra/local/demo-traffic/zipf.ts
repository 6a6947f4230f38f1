import type { Random } from "./random.ts";

/** Zipf weights for ranks 1..n with exponent s, normalised to sum to 1 (rank 1 first). */
export function zipfWeights(n: number, exponent: number): number[] {
  const raw = Array.from({ length: n }, (_, index) => 1 / (index + 1) ** exponent);
  const total = raw.reduce((sum, weight) => sum + weight, 0);
  return raw.map((weight) => weight / total);
}

/**
 * The exponent that gives rank 1 the share `topShare` of n ranks (bisection; the share grows with the exponent).
 * Stating the skew as "the biggest one has 25 %" is easier to reason about than an exponent.
 */
export function zipfExponentForTopShare(n: number, topShare: number): number {
  if (!(topShare > 1 / n && topShare < 1)) throw new RangeError(`a top share of ${topShare} is impossible for ${n}`);
  let low = 0;
  let high = 16;
  for (let step = 0; step < 60; step += 1) {
    const middle = (low + high) / 2;
    if ((zipfWeights(n, middle)[0] ?? 0) < topShare) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** Draws indexes with the given weights (binary search over the cumulative sums). */
export function weightedSampler(weights: readonly number[]): (random: Random) => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) {
    total += weight;
    cumulative.push(total);
  }
  return (random) => {
    const target = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? total) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}
