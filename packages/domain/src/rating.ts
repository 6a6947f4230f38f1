import type { Decimal } from "decimal.js";
import { Money, sumMoney } from "./money.ts";
import { TOKEN_TYPES, type TokenCounts, type TokenType } from "./token-types.ts";

/** Exactly 10^-6: multiplying by it is exact and far cheaper than decimal.js long division by 10^6. */
const PER_TOKEN = new Money("1e-6");
/** Per-token rates of the price objects seen (rates are built once per catalog or plan load and reused). */
const perTokenRates = new WeakMap<Decimal, Money>();

/** Per-token-type prices per 1,000,000 tokens for one model. A missing type means "no price for that type". */
export type ModelRates = Partial<Record<TokenType, Decimal>>;

export type RatingResult =
  | {
      status: "rated";
      amount: Money;
      /** The amount of each token type the event used (the ledger's per-type lines); they sum to `amount`. */
      typeAmounts: Partial<Record<TokenType, Money>>;
    }
  | { status: "unrated"; reason: "no_price_for_model" | "no_price_for_token_type"; tokenType?: TokenType };

/**
 * Rates one event's tokens at per-million prices. Exact: amount = Σ tokens × price / 1e6 with no rounding.
 * An event that uses a token type the model has no price for is unrated, never silently charged zero.
 */
export function rateTokens(tokens: TokenCounts, rates: ModelRates | undefined): RatingResult {
  if (!rates) return { status: "unrated", reason: "no_price_for_model" };
  const typeAmounts: Partial<Record<TokenType, Money>> = {};
  const parts: Decimal[] = [];
  for (const type of TOKEN_TYPES) {
    const count = tokens[type];
    if (count === 0n) continue;
    const price = rates[type];
    if (!price) return { status: "unrated", reason: "no_price_for_token_type", tokenType: type };
    const amount = priceTokens(count, price);
    typeAmounts[type] = amount;
    parts.push(amount);
  }
  return { status: "rated", amount: sumMoney(parts), typeAmounts };
}

/** The cost of `count` tokens of one type; used for per-token-type ledger lines. */
export function priceTokens(count: bigint, pricePerMillion: Decimal): Money {
  let perToken = perTokenRates.get(pricePerMillion);
  if (!perToken) {
    perToken = new Money(pricePerMillion).times(PER_TOKEN);
    perTokenRates.set(pricePerMillion, perToken);
  }
  // Token counts are integers; below 2^53 a number is exact and skips parsing a string.
  return perToken.times(count <= MAX_EXACT_NUMBER ? Number(count) : count.toString());
}

const MAX_EXACT_NUMBER = BigInt(Number.MAX_SAFE_INTEGER);
