import type { Decimal } from "decimal.js";
import { Money, sumMoney } from "./money.ts";
import { TOKEN_TYPES, type TokenCounts, type TokenType } from "./token-types.ts";

const ONE_MILLION = new Money(1_000_000);

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
  return new Money(count.toString()).times(pricePerMillion).dividedBy(ONE_MILLION);
}
