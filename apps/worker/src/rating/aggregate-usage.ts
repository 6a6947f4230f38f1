import {
  ExactSum,
  MONEY_ALLOWANCE_DESCRIPTION,
  SPEND_CAP_DESCRIPTION,
  zeroTokenCounts,
  type TokenCounts,
  type TokenType,
} from "@tollgate/domain";
import { mapAt } from "./nested-map.ts";
import type { RatedEvent } from "./rate-events.ts";
import { addTokenTypeAmounts, zeroTokenTypeAmounts, type TokenTypeAmounts } from "./token-type-amounts.ts";

/** What a ledger line charges for: a token type, or one of the per-request / per-period parts of a charge. */
type LedgerLineKind = TokenType | "request_fee" | "money_allowance" | "spend_cap";

const DESCRIPTIONS: Record<string, string> = {
  request_fee: "request fees",
  money_allowance: MONEY_ALLOWANCE_DESCRIPTION,
  spend_cap: SPEND_CAP_DESCRIPTION,
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
  amount: ExactSum;
  description: string;
}

/**
 * One usage_charge ledger line per (hour, model, line kind, plan version, currency) of the rated events. Amounts are
 * exact sums of the events' charge lines, so the ledger equals the sum of the events' amounts to the last decimal.
 */
export function buildLedgerLines(events: readonly RatedEvent[]): LedgerLine[] {
  // model → hour → plan version → currency → line kind.
  const groups = new Map<string, Map<number, Map<string, Map<string, Map<LedgerLineKind, LedgerLine>>>>>();
  const lines: LedgerLine[] = [];
  for (const { rating, hourStart, modelId } of events) {
    if (rating.status !== "rated") continue;
    const group = mapAt(
      mapAt(mapAt(mapAt(groups, modelId), hourStart.getTime()), rating.planVersionId),
      rating.currency,
    );
    for (const part of rating.lines) {
      const kind: LedgerLineKind = part.kind === "tokens" ? part.tokenType : part.kind;
      let line = group.get(kind);
      if (!line) {
        line = {
          hour: hourStart,
          modelId,
          kind,
          tokenType: part.kind === "tokens" ? part.tokenType : null,
          planVersionId: rating.planVersionId,
          currency: rating.currency,
          quantity: 0n,
          amount: new ExactSum(),
          description: DESCRIPTIONS[kind] ?? "usage",
        };
        group.set(kind, line);
        lines.push(line);
      }
      line.quantity += part.kind === "tokens" ? part.quantity : 1n;
      const units = part.kind === "tokens" ? part.units : undefined;
      if (units === undefined) line.amount.add(part.amount);
      else line.amount.addUnits(units);
    }
  }
  return lines;
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
  amount: ExactSum;
  /** The part of `amount` per token type. */
  typeAmounts: TokenTypeAmounts;
  cost: ExactSum;
}

/** Hourly rollup increments of one tenant's events (the upsert sorts them so concurrent jobs lock in one order). */
export function buildRollupRows(events: readonly RatedEvent[]): RollupRow[] {
  // model → hour → API key → customer → agent.
  const groups = new Map<string, Map<number, Map<string, Map<string, Map<string, RollupRow>>>>>();
  const rows: RollupRow[] = [];
  for (const { event, hourStart, modelId, apiKeyId, tokens, rating } of events) {
    const customer = event.customer ?? "";
    const agent = event.agent ?? "";
    const byAgent = mapAt(mapAt(mapAt(mapAt(groups, modelId), hourStart.getTime()), apiKeyId ?? ""), customer);
    let row = byAgent.get(agent);
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
        amount: new ExactSum(),
        typeAmounts: zeroTokenTypeAmounts(),
        cost: new ExactSum(),
      };
      byAgent.set(agent, row);
      rows.push(row);
    }
    row.eventCount += 1n;
    addTokenCountsInto(row.tokens, tokens);
    if (rating.status === "rated") {
      if (rating.amountUnits === undefined) row.amount.add(rating.amount);
      else row.amount.addUnits(rating.amountUnits);
      if (rating.costUnits !== undefined) row.cost.addUnits(rating.costUnits);
      else if (rating.cost) row.cost.add(rating.cost);
      addTokenTypeAmounts(row.typeAmounts, rating);
    } else row.unratedCount += 1n;
  }
  return rows;
}

/** Adds `tokens` to `into` in place (a rollup row owns its counts; no new object per event). */
export function addTokenCountsInto(into: TokenCounts, tokens: TokenCounts): void {
  into.input += tokens.input;
  into.cached_input += tokens.cached_input;
  into.cache_write += tokens.cache_write;
  into.output += tokens.output;
  into.reasoning += tokens.reasoning;
}
