import { ExactSum, type TokenType } from "@tollgate/domain";
import type { RatedUsage } from "./rate-usage.ts";

/** The part of an amount charged per token type; request fees, allowances and caps are the rest of the amount. */
export type TokenTypeAmounts = Record<TokenType, ExactSum>;

export function zeroTokenTypeAmounts(): TokenTypeAmounts {
  return {
    input: new ExactSum(),
    cached_input: new ExactSum(),
    cache_write: new ExactSum(),
    output: new ExactSum(),
    reasoning: new ExactSum(),
  };
}

/** Adds a rated event's token lines (exact units where it was priced that way) into `into`, in place. */
export function addTokenTypeAmounts(into: TokenTypeAmounts, rating: RatedUsage): void {
  for (const line of rating.lines) {
    if (line.kind !== "tokens") continue;
    if (line.units === undefined) into[line.tokenType].add(line.amount);
    else into[line.tokenType].addUnits(line.units);
  }
}

export function addTokenTypeAmountSums(into: TokenTypeAmounts, from: TokenTypeAmounts): void {
  for (const type of Object.keys(into) as TokenType[]) into[type].addSum(from[type]);
}
