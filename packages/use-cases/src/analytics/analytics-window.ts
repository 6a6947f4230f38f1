import { AppError, money, toDecimalString } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { Decimal } from "decimal.js";
import { analyticsRefreshedAt } from "./refresh-analytics-rollups.ts";

const WEEK_MS = 7 * 86_400_000;
export const MAX_ANALYTICS_WEEKS = 52;
/** Decimal places of a share or a margin ratio (0.000001 = a ten-thousandth of a percent). */
export const RATIO_DECIMALS = 6;

/** The last `weeks` UTC weeks (Monday 00:00 UTC), the current (partial) one last. */
export interface AnalyticsWindow {
  /** Week starts, oldest first. */
  weeks: Date[];
  from: Date;
  /** The end of the current week (exclusive). */
  to: Date;
}

export interface AnalyticsQuery {
  weeks: number;
  now?: Date;
}

/** The UTC week (Monday 00:00 UTC) `at` falls in. */
export function weekStart(at: Date): Date {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * 86_400_000);
}

export function analyticsWindow(query: AnalyticsQuery): AnalyticsWindow {
  if (!Number.isInteger(query.weeks) || query.weeks < 1 || query.weeks > MAX_ANALYTICS_WEEKS) {
    throw new AppError("bad_request", `weeks must be a whole number from 1 to ${String(MAX_ANALYTICS_WEEKS)}`);
  }
  const current = weekStart(query.now ?? new Date()).getTime();
  const weeks = Array.from(
    { length: query.weeks },
    (_, index) => new Date(current - (query.weeks - 1 - index) * WEEK_MS),
  );
  return { weeks, from: weeks[0] ?? new Date(current), to: new Date(current + WEEK_MS) };
}

export function previousWeek(week: Date): Date {
  return new Date(week.getTime() - WEEK_MS);
}

/** part / whole rounded half-even to RATIO_DECIMALS; null when whole is zero. */
export function ratio(part: Decimal.Value, whole: Decimal.Value): string | null {
  const divisor = new Decimal(whole);
  if (divisor.isZero()) return null;
  return new Decimal(part).dividedBy(divisor).toDecimalPlaces(RATIO_DECIMALS, Decimal.ROUND_HALF_EVEN).toFixed();
}

/** NUMERIC text from Postgres as exact decimal text. */
export const exact = (value: { toString(): string } | null): string => toDecimalString(money(value?.toString() ?? "0"));

/** When the rollups these views read were last refreshed, as ISO text (null before the first refresh). */
export async function asOf(db: DbOrTx): Promise<string | null> {
  return (await analyticsRefreshedAt(db))?.toISOString() ?? null;
}

/** A currency code as the APIs take it: three letters, upper case. */
export function checkCurrency(currency: string): string {
  if (!/^[A-Z]{3}$/.test(currency)) throw new AppError("bad_request", "currency must be a three-letter ISO 4217 code");
  return currency;
}

/** Sum of every token type, as SQL over a usage_rollups_global_daily alias `g`. */
export const ALL_TOKENS_SQL =
  "(g.input_tokens + g.cached_input_tokens + g.cache_write_tokens + g.output_tokens + g.reasoning_tokens)";
