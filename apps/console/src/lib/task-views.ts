import { money, TOKEN_TYPES, type Money, type TokenType } from "@tollgate/domain";
import type { RouterOutputs } from "./router-types.ts";

// Pure helpers of the agent task pages (tested in test/task-views.test.ts): task totals are kept per UTC month.

export type TaskSummaryView = RouterOutputs["tasks"]["list"]["tasks"][number];
export type TaskDetailView = RouterOutputs["tasks"]["get"];
export type TaskLineView = TaskDetailView["lines"][number];

/** "YYYY-MM" of the UTC month `at` falls in. */
export function utcMonth(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** The month picker's choices: `count` UTC months back from `now`'s, newest first, plus `selected` when older. */
export function monthChoices(now: Date, count: number, selected?: string): string[] {
  const months = Array.from({ length: count }, (_, back) =>
    utcMonth(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))),
  );
  if (selected !== undefined && !months.includes(selected)) months.push(selected);
  return months;
}

const monthFormat = new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" });

/** "2026-11" → "November 2026". */
export function formatMonth(month: string): string {
  return monthFormat.format(new Date(`${month}-01T00:00:00Z`));
}

export interface TokenShare {
  type: TokenType;
  /** Share of the total in tenths of a percent (exact integer arithmetic on the bigint counts). */
  permille: number;
}

/** Each token type's share of a token mix, largest first; types without tokens left out. */
export function tokenShares(tokens: Record<TokenType, string>): TokenShare[] {
  const total = TOKEN_TYPES.reduce((sum, type) => sum + BigInt(tokens[type]), 0n);
  if (total === 0n) return [];
  return TOKEN_TYPES.filter((type) => BigInt(tokens[type]) > 0n)
    .map((type) => ({ type, permille: Number((BigInt(tokens[type]) * 1000n) / total) }))
    .sort((a, b) => b.permille - a.permille);
}

/** "78.5%" from tenths of a percent. */
export function formatShare(permille: number): string {
  return `${(permille / 10).toFixed(permille % 10 === 0 ? 0 : 1)}%`;
}

/** How long a task ran, first to last event: "under a second", "45 s", "12 min 5 s", "3 h 20 min", "2 d 4 h". */
export function formatDuration(firstIso: string, lastIso: string): string {
  const seconds = Math.max(0, Math.floor((Date.parse(lastIso) - Date.parse(firstIso)) / 1000));
  if (seconds === 0) return "under a second";
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), "d"],
    [Math.floor(seconds / 3600) % 24, "h"],
    [Math.floor(seconds / 60) % 60, "min"],
    [seconds % 60, "s"],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  // The two largest units are enough to tell a quick task from a long one.
  return parts
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value.toString()} ${unit}`)
    .join(" ");
}

export interface ModelAmount {
  model: string;
  /** Rounded to the currency, the sum of the model's rounded lines: the models add up to the task's total. */
  amount: string;
}

/** The task's amount per model (costliest first, as the lines come), summing the already-allocated line amounts. */
export function amountsByModel(lines: readonly TaskLineView[]): ModelAmount[] {
  const byModel = new Map<string, Money>();
  for (const line of lines) {
    byModel.set(line.model, (byModel.get(line.model) ?? money("0")).plus(money(line.rounded_amount)));
  }
  return [...byModel].map(([model, amount]) => ({ model, amount: amount.toFixed() }));
}
