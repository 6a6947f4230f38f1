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

/** Task total increments of one tenant's new events: only events that carry a task_id (added in place, per row). */
export function buildTaskRows(events: readonly RatedEvent[]): TaskRow[] {
  const rows = new Map<string, TaskRow>();
  for (const event of events) {
    if (event.event.task_id === undefined) continue;
    const row = rowFor(rows, event, event.modelId);
    row.eventCount += 1n;
    addTokenCountsInto(row.tokens, event.tokens);
    const { rating } = event;
    if (rating.status === "rated") {
      if (rating.amountUnits === undefined) row.amount.add(rating.amount);
      else row.amount.addUnits(rating.amountUnits);
      addTokenTypeAmounts(row.typeAmounts, rating);
    } else row.unratedCount += 1n;
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

/** Month starts of the hours seen lately (a job's events share a few hours). */
const monthOfHour = new Map<number, Date>();

/** The row of (month, task, model) for `event`, created empty; its agent and first/last seen updated. */
function rowFor(rows: Map<string, TaskRow>, event: RatedEvent, modelId: string): TaskRow {
  const taskId = event.event.task_id ?? "";
  const hour = event.hourStart.getTime();
  let month = monthOfHour.get(hour);
  if (month === undefined) {
    if (monthOfHour.size >= 4096) monthOfHour.clear();
    month = utcMonthStart(event.hourStart);
    monthOfHour.set(hour, month);
  }
  const key = `${String(month.getTime())}\u0000${taskId}\u0000${modelId}`;
  let row = rows.get(key);
  if (!row) {
    row = {
      month,
      taskId,
      modelId,
      agent: event.event.agent ?? "",
      firstSeen: event.occurredAt,
      lastSeen: event.occurredAt,
      eventCount: 0n,
      unratedCount: 0n,
      tokens: zeroTokenCounts(),
      amount: new ExactSum(),
      typeAmounts: zeroTokenTypeAmounts(),
    };
    rows.set(key, row);
    return row;
  }
  if (row.agent === "" && event.event.agent !== undefined) row.agent = event.event.agent;
  if (event.occurredAt < row.firstSeen) row.firstSeen = event.occurredAt;
  if (event.occurredAt > row.lastSeen) row.lastSeen = event.occurredAt;
  return row;
}

function add(rows: Map<string, TaskRow>, event: RatedEvent, modelId: string, change: Change): void {
  const row = rowFor(rows, event, modelId);
  row.eventCount += change.eventCount;
  row.unratedCount += change.unratedCount;
  addTokenCountsInto(row.tokens, change.tokens);
  row.amount.addSum(change.amount);
  addTokenTypeAmountSums(row.typeAmounts, change.typeAmounts);
}
