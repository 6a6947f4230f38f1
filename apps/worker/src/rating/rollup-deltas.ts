import { ExactSum, Money, type TokenCounts } from "@tollgate/domain";
import type { RollupRow } from "./aggregate-usage.ts";
import type { RatedEvent } from "./rate-events.ts";
import {
  addTokenTypeAmounts,
  addTokenTypeAmountSums,
  zeroTokenTypeAmounts,
  type TokenTypeAmounts,
} from "./token-type-amounts.ts";

/**
 * The rollup change for one re-rated event: it leaves its unrated count (and, when an alias now resolves it to
 * another catalog model, its old model's row) and adds its amount and cost to its (new) model's row.
 */
export function addRollupDelta(
  deltas: Map<string, { tenantId: string; row: RollupRow }>,
  tenantId: string,
  beforeModelId: string,
  after: RatedEvent,
): void {
  if (after.rating.status !== "rated") return;
  const zero = { input: 0n, cached_input: 0n, cache_write: 0n, output: 0n, reasoning: 0n };
  const negated: TokenCounts = {
    input: -after.tokens.input,
    cached_input: -after.tokens.cached_input,
    cache_write: -after.tokens.cache_write,
    output: -after.tokens.output,
    reasoning: -after.tokens.reasoning,
  };
  const moved = beforeModelId !== after.modelId;
  add(deltas, tenantId, after, beforeModelId, {
    eventCount: moved ? -1n : 0n,
    unratedCount: -1n,
    tokens: moved ? negated : zero,
    amount: new ExactSum(),
    typeAmounts: zeroTokenTypeAmounts(),
    cost: new ExactSum(),
  });
  const typeAmounts: TokenTypeAmounts = zeroTokenTypeAmounts();
  addTokenTypeAmounts(typeAmounts, after.rating);
  add(deltas, tenantId, after, after.modelId, {
    eventCount: moved ? 1n : 0n,
    unratedCount: 0n,
    tokens: moved ? after.tokens : zero,
    amount: ExactSum.of(after.rating.amount),
    typeAmounts,
    cost: ExactSum.of(after.rating.cost ?? new Money(0)),
  });
}

function add(
  deltas: Map<string, { tenantId: string; row: RollupRow }>,
  tenantId: string,
  event: RatedEvent,
  modelId: string,
  change: Pick<RollupRow, "eventCount" | "unratedCount" | "tokens" | "amount" | "typeAmounts" | "cost">,
): void {
  const customer = event.event.customer ?? "";
  const agent = event.event.agent ?? "";
  const apiKeyId = event.apiKeyId ?? "";
  const key = [tenantId, event.hourStart.getTime(), modelId, apiKeyId, customer, agent].join("\u0000");
  const existing = deltas.get(key);
  if (!existing) {
    deltas.set(key, {
      tenantId,
      row: {
        hour: event.hourStart,
        modelId,
        apiKeyId,
        customer,
        agent,
        eventCount: change.eventCount,
        unratedCount: change.unratedCount,
        tokens: { ...change.tokens },
        amount: change.amount,
        typeAmounts: change.typeAmounts,
        cost: change.cost,
      },
    });
    return;
  }
  const row = existing.row;
  row.eventCount += change.eventCount;
  row.unratedCount += change.unratedCount;
  for (const type of Object.keys(row.tokens) as (keyof TokenCounts)[]) row.tokens[type] += change.tokens[type];
  row.amount.addSum(change.amount);
  addTokenTypeAmountSums(row.typeAmounts, change.typeAmounts);
  row.cost.addSum(change.cost);
}
