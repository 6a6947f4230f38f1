/**
 * A seeded PRNG (sfc32, seeded through splitmix32) so generated traffic is reproducible in tests. Its 128-bit state
 * keeps runs with different seeds from replaying each other's event ids.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[];
  /** Log-normal around `median` (spread `sigma`), rounded and clamped to [min, max]: token counts are skewed. */
  logNormalInt(median: number, sigma: number, min: number, max: number): number;
  hex(length: number): string;
  /** A random (version 4) UUID drawn from this generator. */
  uuid(): string;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRandom(seed: number): Random {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  const next = () => nextUint32() / 4294967296;
  const hexOfUint32 = () => nextUint32().toString(16).padStart(8, "0");

  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError("pick from an empty list");
      return item;
    },
    shuffled: (items) => {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index -= 1) {
        const other = Math.floor(next() * (index + 1));
        [copy[index], copy[other]] = [copy[other] as (typeof copy)[number], copy[index] as (typeof copy)[number]];
      }
      return copy;
    },
    logNormalInt: (median, sigma, min, max) => {
      // Box–Muller; 1 - next() keeps the logarithm's argument in (0, 1].
      const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return Math.min(max, Math.max(min, Math.round(median * Math.exp(sigma * normal))));
    },
    hex: (length) => {
      let out = "";
      while (out.length < length) out += hexOfUint32();
      return out.slice(0, length);
    },
    uuid: () => {
      const hex = random.hex(32).split("");
      hex[12] = "4";
      hex[16] = "89ab"[Number.parseInt(hex[16] ?? "0", 16) & 3] ?? "8";
      const s = hex.join("");
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };
  return random;
}
