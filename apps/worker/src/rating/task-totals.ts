import { ExactSum, zeroTokenCounts, type Money, type TokenCounts } from "@tollgate/domain";
import { addTokenCountsInto } from "./aggregate-usage.ts";
import type { RatedEvent } from "./rate-events.ts";
import {
  addTokenTypeAmounts,
  addTokenTypeAmountSums,
  zeroTokenTypeAmounts,
  type TokenTypeAmounts,
} from "./token-type-amounts.ts";

/** An increment of one usage_task_totals row: (tenant, UTC month, task, model). */
export interface TaskRow {
  month: Date;
  taskId: string;
  modelId: string;
  /** '' when the events carry none; the row keeps the first non-empty agent it is given. */
  agent: string;
  firstSeen: Date;
  lastSeen: Date;
  eventCount: bigint;
  unratedCount: bigint;
  tokens: TokenCounts;
  amount: ExactSum;
  typeAmounts: TokenTypeAmounts;
}

/** The first instant of the event's UTC calendar month (task totals are kept per month). */
export function utcMonthStart(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), 1));
}

type Change = Pick<TaskRow, "eventCount" | "unratedCount" | "tokens" | "amount" | "typeAmounts">;

/** Task total increments of one tenant's new events: only events that carry a task_id. */
export function buildTaskRows(events: readonly RatedEvent[]): TaskRow[] {
  const rows = new Map<string, TaskRow>();
  for (const event of events) {
    if (event.event.task_id === undefined) continue;
    const rated = event.rating.status === "rated" ? event.rating : null;
    const typeAmounts = zeroTokenTypeAmounts();
    if (rated) addTokenTypeAmounts(typeAmounts, rated);
    add(rows, event, event.modelId, {
      eventCount: 1n,
      unratedCount: rated ? 0n : 1n,
      tokens: event.tokens,
      amount: rated ? amountOf(rated.amount, rated.amountUnits) : new ExactSum(),
      typeAmounts,
    });
  }
  return [...rows.values()];
}

/**
 * Task total changes of re-rated events (as rollup-deltas.ts does for the rollups): each leaves its unrated count
 * (and, when an alias now resolves it to another model, its old model's row) and adds its amount to its model's row.
 */
export function reRatedTaskRows(events: readonly { beforeModelId: string; after: RatedEvent }[]): TaskRow[] {
  const rows = new Map<string, TaskRow>();
  for (const { beforeModelId, after } of events) {
    if (after.event.task_id === undefined || after.rating.status !== "rated") continue;
    const moved = beforeModelId !== after.modelId;
    const negated: TokenCounts = {
      input: -after.tokens.input,
      cached_input: -after.tokens.cached_input,
      cache_write: -after.tokens.cache_write,
      output: -after.tokens.output,
      reasoning: -after.tokens.reasoning,
    };
    add(rows, after, beforeModelId, {
      eventCount: moved ? -1n : 0n,
      unratedCount: -1n,
      tokens: moved ? negated : zeroTokenCounts(),
      amount: new ExactSum(),
      typeAmounts: zeroTokenTypeAmounts(),
    });
    const typeAmounts = zeroTokenTypeAmounts();
    addTokenTypeAmounts(typeAmounts, after.rating);
    add(rows, after, after.modelId, {
      eventCount: moved ? 1n : 0n,
      unratedCount: 0n,
      tokens: moved ? after.tokens : zeroTokenCounts(),
      amount: amountOf(after.rating.amount, after.rating.amountUnits),
      typeAmounts,
    });
  }
  return [...rows.values()];
}

function amountOf(amount: Money, units: bigint | undefined): ExactSum {
  const sum = new ExactSum();
  if (units === undefined) sum.add(amount);
  else sum.addUnits(units);
  return sum;
}

function add(rows: Map<string, TaskRow>, event: RatedEvent, modelId: string, change: Change): void {
  const taskId = event.event.task_id ?? "";
  const month = utcMonthStart(event.hourStart);
  const key = `${month.getTime().toString()}\u0000${taskId}\u0000${modelId}`;
  const existing = rows.get(key);
  if (!existing) {
    const tokens = zeroTokenCounts();
    addTokenCountsInto(tokens, change.tokens);
    rows.set(key, {
      month,
      taskId,
      modelId,
      agent: event.event.agent ?? "",
      firstSeen: event.occurredAt,
      lastSeen: event.occurredAt,
      eventCount: change.eventCount,
      unratedCount: change.unratedCount,
      tokens,
      amount: change.amount,
      typeAmounts: change.typeAmounts,
    });
    return;
  }
  if (existing.agent === "" && event.event.agent !== undefined) existing.agent = event.event.agent;
  if (event.occurredAt < existing.firstSeen) existing.firstSeen = event.occurredAt;
  if (event.occurredAt > existing.lastSeen) existing.lastSeen = event.occurredAt;
  existing.eventCount += change.eventCount;
  existing.unratedCount += change.unratedCount;
  addTokenCountsInto(existing.tokens, change.tokens);
  existing.amount.addSum(change.amount);
  addTokenTypeAmountSums(existing.typeAmounts, change.typeAmounts);
}
