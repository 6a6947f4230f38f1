import {
  AppError,
  allocateRoundedLines,
  money,
  roundToMinorUnit,
  sumMoney,
  toDecimalString,
  TOKEN_TYPES,
  type Money,
  type TokenType,
} from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { taskCurrency } from "./task-month.ts";

/** One line of a task's breakdown: a model's token type, or its request fees and adjustments (tokenType null). */
export interface TaskLine {
  modelId: string;
  tokenType: TokenType | null;
  tokens: string;
  /** Full precision; roundedAmount: rounded so the lines add up to the task's rounded total exactly. */
  amount: string;
  roundedAmount: string;
}

export interface TaskDetail {
  taskId: string;
  currency: string;
  agent: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  eventCount: string;
  unratedCount: string;
  totalTokens: string;
  amount: string;
  roundedAmount: string;
  /** By model (costliest first), then token type; a line only where there are tokens or an amount. */
  lines: TaskLine[];
}

interface Row {
  model_id: string;
  agent: string;
  first_seen_at: Date;
  last_seen_at: Date;
  event_count: bigint;
  unrated_count: bigint;
  input_tokens: bigint;
  cached_input_tokens: bigint;
  cache_write_tokens: bigint;
  output_tokens: bigint;
  reasoning_tokens: bigint;
  amount: { toString(): string };
  input_amount: { toString(): string };
  cached_input_amount: { toString(): string };
  cache_write_amount: { toString(): string };
  output_amount: { toString(): string };
  reasoning_amount: { toString(): string };
}

const TOKENS: Record<TokenType, keyof Row> = {
  input: "input_tokens",
  cached_input: "cached_input_tokens",
  cache_write: "cache_write_tokens",
  output: "output_tokens",
  reasoning: "reasoning_tokens",
};
const AMOUNTS: Record<TokenType, keyof Row> = {
  input: "input_amount",
  cached_input: "cached_input_amount",
  cache_write: "cache_write_amount",
  output: "output_amount",
  reasoning: "reasoning_amount",
};

/** One task's month: its breakdown by model × token type, from usage_task_totals. not_found when it has none. */
export async function getTask(db: DbOrTx, tenantId: string, month: Date, taskId: string): Promise<TaskDetail> {
  const [rows, currency] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT model_id, agent, first_seen_at, last_seen_at, event_count, unrated_count, input_tokens,
             cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, amount, input_amount,
             cached_input_amount, cache_write_amount, output_amount, reasoning_amount
      FROM usage_task_totals
      WHERE tenant_id = ${tenantId}::uuid AND month = ${month} AND task_id = ${taskId} AND event_count > 0
      ORDER BY amount DESC, model_id`,
    taskCurrency(db, tenantId, month),
  ]);
  const firstRow = rows[0];
  if (!firstRow) throw new AppError("not_found", "no usage for this task in that month");
  const lines: { modelId: string; tokenType: TokenType | null; tokens: bigint; amount: Money }[] = [];
  let events = 0n;
  let unrated = 0n;
  let totalTokens = 0n;
  for (const row of rows) {
    events += row.event_count;
    unrated += row.unrated_count;
    let typed: Money = money("0");
    for (const type of TOKEN_TYPES) {
      const tokens = row[TOKENS[type]] as bigint;
      const amount = money((row[AMOUNTS[type]] as { toString(): string }).toString());
      typed = typed.plus(amount);
      totalTokens += tokens;
      if (tokens !== 0n || !amount.isZero()) lines.push({ modelId: row.model_id, tokenType: type, tokens, amount });
    }
    const rest = money(row.amount.toString()).minus(typed);
    if (!rest.isZero()) lines.push({ modelId: row.model_id, tokenType: null, tokens: 0n, amount: rest });
  }
  const total = sumMoney(lines.map((line) => line.amount));
  const rounded = allocateRoundedLines(
    lines.map((line) => line.amount),
    currency,
  );
  return {
    taskId,
    currency,
    agent: rows.map((row) => row.agent).find((agent) => agent !== "") ?? null,
    firstSeenAt: new Date(Math.min(...rows.map((row) => row.first_seen_at.getTime()))),
    lastSeenAt: new Date(Math.max(...rows.map((row) => row.last_seen_at.getTime()))),
    eventCount: events.toString(),
    unratedCount: unrated.toString(),
    totalTokens: totalTokens.toString(),
    amount: toDecimalString(total),
    roundedAmount: toDecimalString(roundToMinorUnit(total, currency)),
    lines: lines.map((line, index) => ({
      modelId: line.modelId,
      tokenType: line.tokenType,
      tokens: line.tokens.toString(),
      amount: toDecimalString(line.amount),
      roundedAmount: toDecimalString(rounded[index] ?? money("0")),
    })),
  };
}
