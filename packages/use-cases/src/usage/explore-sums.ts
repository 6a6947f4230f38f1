import {
  allocateRoundedLines,
  formatUnits,
  money,
  roundToMinorUnit,
  toDecimalString,
  TOKEN_TYPES,
  unitsToMoney,
  type TokenType,
} from "@tollgate/domain";
import type { ExploreGroup, ExplorePoint, ExploreTotals } from "./explore-result.ts";

/** What one cell row (or another Sums) adds: counts, tokens, and the amount in exact units (null: not known). */
export interface SumsPart {
  events: bigint;
  unrated: bigint;
  tokens: Record<TokenType, bigint>;
  amount: bigint | null;
}

/**
 * Running sums of one cell (bucket × group), one group's totals or the overall total. The amount is kept in exact
 * units (decimalTextToUnits): a bigint addition per row instead of a decimal.js object, with the same digits.
 */
export class Sums implements SumsPart {
  events = 0n;
  unrated = 0n;
  tokens: Record<TokenType, bigint> = { input: 0n, cached_input: 0n, cache_write: 0n, output: 0n, reasoning: 0n };
  amount: bigint | null = 0n;

  add(other: SumsPart): void {
    this.events += other.events;
    this.unrated += other.unrated;
    const tokens = this.tokens;
    const more = other.tokens;
    tokens.input += more.input;
    tokens.cached_input += more.cached_input;
    tokens.cache_write += more.cache_write;
    tokens.output += more.output;
    tokens.reasoning += more.reasoning;
    this.amount = this.amount === null || other.amount === null ? null : this.amount + other.amount;
  }

  point(): ExplorePoint {
    let total = 0n;
    for (const type of TOKEN_TYPES) total += this.tokens[type];
    return {
      tokens: {
        input: this.tokens.input.toString(),
        cached_input: this.tokens.cached_input.toString(),
        cache_write: this.tokens.cache_write.toString(),
        output: this.tokens.output.toString(),
        reasoning: this.tokens.reasoning.toString(),
      },
      totalTokens: total.toString(),
      amount: this.amount === null ? null : formatUnits(this.amount),
    };
  }

  totalTokens(): bigint {
    let total = 0n;
    for (const type of TOKEN_TYPES) total += this.tokens[type];
    return total;
  }
}

export interface GroupSums {
  key: string;
  total: Sums;
  cells: Map<string, Sums>;
}

export const tokens0 = (): Record<TokenType, bigint> => ({
  input: 0n,
  cached_input: 0n,
  cache_write: 0n,
  output: 0n,
  reasoning: 0n,
});

export function totalsOf(sums: Sums, byToken: boolean): ExploreTotals {
  return {
    ...sums.point(),
    eventCount: byToken ? null : sums.events.toString(),
    unratedCount: byToken ? null : sums.unrated.toString(),
    roundedAmount: null,
  };
}

export const rounded = (amount: bigint | null, currency: string) =>
  amount === null ? null : toDecimalString(roundToMinorUnit(unitsToMoney(amount), currency));

/** Rounds the groups' amounts so they add up to the rounded total exactly (when every amount is known). */
export function roundGroups(
  shaped: readonly { group: ExploreGroup; sums: Sums }[],
  total: Sums,
  currency: string,
): void {
  const amounts = shaped.map((item) => item.sums.amount);
  if (total.amount === null || amounts.some((amount) => amount === null)) return;
  const allocated = allocateRoundedLines(
    amounts.map((amount) => unitsToMoney(amount ?? 0n)),
    currency,
  );
  shaped.forEach((item, index) => {
    item.group.totals.roundedAmount = toDecimalString(allocated[index] ?? money("0"));
  });
}

/** Most expensive first, then most tokens, then key; "none" ('') sorts like any other key. */
export function costliestFirst(groups: GroupSums[]): GroupSums[] {
  return groups.sort((a, b) => {
    const byAmount = (b.total.amount ?? 0n) - (a.total.amount ?? 0n);
    if (byAmount !== 0n) return byAmount > 0n ? 1 : -1;
    const byTokens = b.total.totalTokens() - a.total.totalTokens();
    if (byTokens !== 0n) return byTokens > 0n ? 1 : -1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

/** Token types in their fixed order (stable chart colours), then fees and adjustments; every one present. */
export function tokenTypeOrder(groups: Map<string, GroupSums>, filter: readonly TokenType[] | null): GroupSums[] {
  const keys: string[] = filter ? TOKEN_TYPES.filter((type) => filter.includes(type)) : [...TOKEN_TYPES, "other"];
  return keys.map((key) => groups.get(key) ?? { key, total: new Sums(), cells: new Map() });
}
