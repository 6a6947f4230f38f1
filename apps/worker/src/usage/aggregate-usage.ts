import { Money, zeroTokenCounts, addTokenCounts, type TokenCounts, type TokenType } from "@tollgate/domain";
import type { RatedEvent } from "./rate-events.ts";

export function startOfHour(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000);
}

/** What a ledger line charges for: a token type, or one of the per-request / per-period parts of a charge. */
export type LedgerLineKind = TokenType | "request_fee" | "money_allowance" | "spend_cap";

const DESCRIPTIONS: Record<string, string> = {
  request_fee: "request fees",
  money_allowance: "included allowance",
  spend_cap: "spend cap",
};

export interface LedgerLine {
  hour: Date;
  modelId: string;
  kind: LedgerLineKind;
  /** Set for token lines; null for fees and adjustments. */
  tokenType: TokenType | null;
  planVersionId: string;
  currency: string;
  quantity: bigint;
  amount: Money;
  description: string;
}

/**
 * One usage_charge ledger line per (hour, model, line kind, plan version, currency) of the rated events. Amounts are
 * exact sums of the events' charge lines, so the ledger equals the sum of the events' amounts to the last decimal.
 */
export function buildLedgerLines(events: readonly RatedEvent[]): LedgerLine[] {
  const lines = new Map<string, LedgerLine>();
  for (const { rating, hourStart, modelId } of events) {
    if (rating.status !== "rated") continue;
    const eventKey = `${hourStart.getTime().toString()}\u0000${modelId}\u0000${rating.planVersionId}\u0000${rating.currency}\u0000`;
    for (const part of rating.lines) {
      const kind: LedgerLineKind = part.kind === "tokens" ? part.tokenType : part.kind;
      const quantity = part.kind === "tokens" ? part.quantity : 1n;
      const key = eventKey + kind;
      const line = lines.get(key);
      if (line) {
        line.quantity += quantity;
        line.amount = line.amount.plus(part.amount);
      } else {
        lines.set(key, {
          hour: hourStart,
          modelId,
          kind,
          tokenType: part.kind === "tokens" ? part.tokenType : null,
          planVersionId: rating.planVersionId,
          currency: rating.currency,
          quantity,
          amount: part.amount,
          description: DESCRIPTIONS[kind] ?? "usage",
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
  cost: Money;
}

/** Hourly rollup increments of one tenant's events (the upsert sorts them so concurrent jobs lock in one order). */
export function buildRollupRows(events: readonly RatedEvent[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const { event, hourStart, modelId, apiKeyId, tokens, rating } of events) {
    const customer = event.customer ?? "";
    const agent = event.agent ?? "";
    const key = `${hourStart.getTime().toString()}\u0000${modelId}\u0000${apiKeyId ?? ""}\u0000${customer}\u0000${agent}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        hour: hourStart,
        modelId,
        apiKeyId: apiKeyId ?? "",
        customer,
        agent,
        eventCount: 0n,
        unratedCount: 0n,
        tokens: zeroTokenCounts(),
        amount: new Money(0),
        cost: new Money(0),
      };
      rows.set(key, row);
    }
    row.eventCount += 1n;
    row.tokens = addTokenCounts(row.tokens, tokens);
    if (rating.status === "rated") {
      row.amount = row.amount.plus(rating.amount);
      if (rating.cost) row.cost = row.cost.plus(rating.cost);
    } else row.unratedCount += 1n;
  }
  return [...rows.values()];
}
