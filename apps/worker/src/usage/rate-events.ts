import {
  rateTokens,
  tokenCountsOf,
  type Money,
  type QueuedUsageEvent,
  type TokenCounts,
  type TokenType,
} from "@tollgate/domain";
import type { PriceLookup } from "./price-lookup.ts";

export interface RatedEvent {
  event: QueuedUsageEvent;
  occurredAt: Date;
  tokens: TokenCounts;
  rating:
    | {
        status: "rated";
        amount: Money;
        currency: string;
        planVersionId: string;
        typeAmounts: Partial<Record<TokenType, Money>>;
      }
    | { status: "unrated"; reason: string };
}

/** Rates each event at the price in force at its own timestamp; events without a price stay unrated. */
export function rateEvents(events: readonly QueuedUsageEvent[], lookup: PriceLookup): RatedEvent[] {
  return events.map((event) => {
    const occurredAt = new Date(event.timestamp);
    const tokens = tokenCountsOf(event);
    const price = lookup(occurredAt, event.model);
    if (!price) return { event, occurredAt, tokens, rating: { status: "unrated", reason: "no_subscription" } };
    const result = rateTokens(tokens, price.rates);
    if (result.status === "unrated")
      return { event, occurredAt, tokens, rating: { status: "unrated", reason: result.reason } };
    return {
      event,
      occurredAt,
      tokens,
      rating: {
        status: "rated",
        amount: result.amount,
        currency: price.currency,
        planVersionId: price.planVersionId,
        typeAmounts: result.typeAmounts,
      },
    };
  });
}
