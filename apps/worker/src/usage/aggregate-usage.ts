import {
  Money,
  TOKEN_TYPES,
  zeroTokenCounts,
  addTokenCounts,
  type TokenCounts,
  type TokenType,
} from "@tollgate/domain";
import type { RatedEvent } from "./rate-events.ts";

export function startOfHour(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000);
}

export interface LedgerLine {
  hour: Date;
  modelId: string;
  tokenType: TokenType;
  planVersionId: string;
  currency: string;
  quantity: bigint;
  amount: Money;
}

/**
 * One usage_charge ledger line per (hour, model, token type, plan version, currency) of the rated events.
 * Amounts are exact sums, so the ledger equals the sum of the events' amounts to the last decimal.
 */
export function buildLedgerLines(events: readonly RatedEvent[]): LedgerLine[] {
  const lines = new Map<string, LedgerLine>();
  for (const { rating, occurredAt, event, tokens } of events) {
    if (rating.status !== "rated") continue;
    const hour = startOfHour(occurredAt);
    for (const type of TOKEN_TYPES) {
      const amount = rating.typeAmounts[type];
      if (!amount) continue;
      const key = [hour.toISOString(), event.model, type, rating.planVersionId, rating.currency].join("\u0000");
      const line = lines.get(key);
      if (line) {
        line.quantity += tokens[type];
        line.amount = line.amount.plus(amount);
      } else {
        lines.set(key, {
          hour,
          modelId: event.model,
          tokenType: type,
          planVersionId: rating.planVersionId,
          currency: rating.currency,
          quantity: tokens[type],
          amount: new Money(amount),
        });
      }
    }
  }
  return [...lines.values()];
}

export interface RollupRow {
  hour: Date;
  modelId: string;
  apiKeyId: string;
  customer: string;
  agent: string;
  eventCount: bigint;
  unratedCount: bigint;
  tokens: TokenCounts;
  amount: Money;
}

/** Hourly rollup increments (the upsert sorts them by key so concurrent jobs lock rows in one order). */
export function buildRollupRows(events: readonly RatedEvent[], apiKeyId: string | null): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const { event, occurredAt, tokens, rating } of events) {
    const hour = startOfHour(occurredAt);
    const keyParts = [hour.toISOString(), event.model, apiKeyId ?? "", event.customer ?? "", event.agent ?? ""];
    const key = keyParts.join("\u0000");
    const row =
      rows.get(key) ??
      ({
        hour,
        modelId: event.model,
        apiKeyId: apiKeyId ?? "",
        customer: event.customer ?? "",
        agent: event.agent ?? "",
        eventCount: 0n,
        unratedCount: 0n,
        tokens: zeroTokenCounts(),
        amount: new Money(0),
      } satisfies RollupRow);
    row.eventCount += 1n;
    row.tokens = addTokenCounts(row.tokens, tokens);
    if (rating.status === "rated") row.amount = row.amount.plus(rating.amount);
    else row.unratedCount += 1n;
    rows.set(key, row);
  }
  return [...rows.values()];
}
