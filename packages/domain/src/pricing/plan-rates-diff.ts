import { Money, toDecimalString } from "../money.ts";
import type { TokenType } from "../token-types.ts";

/** One explicit rate of a plan version, as a diff compares it (price per 1,000,000 tokens, decimal text). */
export interface DiffableRate {
  modelId: string;
  tokenType: TokenType;
  condition: string;
  pricePerMillion: string;
}

export type RateChangeKind = "added" | "removed" | "changed" | "unchanged";

export interface RateDiffEntry {
  modelId: string;
  tokenType: TokenType;
  condition: string;
  kind: RateChangeKind;
  /** The price in version A (null: A has no such rate). */
  before: string | null;
  /** The price in version B (null: B has no such rate). */
  after: string | null;
  /** (after − before) / before × 100, exact; null unless both exist and before is not zero. */
  changePercent: string | null;
}

export interface RatesDiff {
  /** Sorted by model, condition, token type; unchanged rates only when asked for. */
  entries: RateDiffEntry[];
  counts: Record<RateChangeKind, number>;
}

const key = (rate: DiffableRate) => `${rate.modelId}\u0000${rate.condition}\u0000${rate.tokenType}`;

function changePercent(before: Money, after: Money): string | null {
  if (before.isZero()) return null;
  return toDecimalString(after.minus(before).div(before).times(100));
}

/**
 * Compares two versions' rate lists by (model, token type, condition). Prices are compared as decimals, so "3" and
 * "3.000" are the same price. `includeUnchanged` keeps the equal rates in `entries` (they are always counted).
 */
export function diffPlanRates(
  a: readonly DiffableRate[],
  b: readonly DiffableRate[],
  { includeUnchanged = false }: { includeUnchanged?: boolean } = {},
): RatesDiff {
  const counts: Record<RateChangeKind, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  const entries: RateDiffEntry[] = [];
  const inB = new Map(b.map((rate) => [key(rate), rate]));
  for (const rate of a) {
    const other = inB.get(key(rate));
    inB.delete(key(rate));
    const base = { modelId: rate.modelId, tokenType: rate.tokenType, condition: rate.condition };
    if (!other) {
      counts.removed += 1;
      entries.push({ ...base, kind: "removed", before: rate.pricePerMillion, after: null, changePercent: null });
      continue;
    }
    const before = new Money(rate.pricePerMillion);
    const after = new Money(other.pricePerMillion);
    const kind = before.equals(after) ? "unchanged" : "changed";
    counts[kind] += 1;
    if (kind === "unchanged" && !includeUnchanged) continue;
    entries.push({
      ...base,
      kind,
      before: rate.pricePerMillion,
      after: other.pricePerMillion,
      changePercent: kind === "changed" ? changePercent(before, after) : null,
    });
  }
  for (const rate of inB.values()) {
    counts.added += 1;
    entries.push({
      modelId: rate.modelId,
      tokenType: rate.tokenType,
      condition: rate.condition,
      kind: "added",
      before: null,
      after: rate.pricePerMillion,
      changePercent: null,
    });
  }
  entries.sort(compareEntries);
  return { entries, counts };
}

const TYPE_ORDER: Record<TokenType, number> = { input: 0, cached_input: 1, cache_write: 2, output: 3, reasoning: 4 };

function compareEntries(x: RateDiffEntry, y: RateDiffEntry): number {
  if (x.modelId !== y.modelId) return x.modelId < y.modelId ? -1 : 1;
  if (x.condition !== y.condition) return x.condition < y.condition ? -1 : 1;
  return TYPE_ORDER[x.tokenType] - TYPE_ORDER[y.tokenType];
}
