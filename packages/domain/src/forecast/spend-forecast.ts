import { money, type Money } from "../money.ts";

const DAY_MS = 86_400_000;

/** How many full days the run rate is taken over. */
export const RUN_RATE_DAYS = 7;

export const SPEND_FORECAST_METHOD =
  `spend so far this period, plus the average daily spend of the last ${RUN_RATE_DAYS.toString()} full UTC days ` +
  "times the days left; the range uses the quietest and the busiest of those days instead of the average";

export interface SpendForecastInput {
  /** Rated spend in the period up to `now`, exact. */
  spentSoFar: string;
  /** Spend of each of the last full UTC days (up to RUN_RATE_DAYS; fewer for a new tenant), exact. */
  dailySpend: readonly string[];
  now: Date;
  periodEnd: Date;
}

export interface SpendForecast {
  dailyAverage: Money;
  dailyMin: Money;
  dailyMax: Money;
  /** Days the rate is based on; 0 means no full day yet, and the forecast is the spend so far. */
  basedOnDays: number;
  expected: Money;
  low: Money;
  high: Money;
}

/**
 * The period's projected spend from the recent run rate, with a range rather than one falsely precise number. Exact
 * decimals throughout; the caller rounds for display.
 */
export function forecastPeriodSpend(input: SpendForecastInput): SpendForecast {
  const spent = money(input.spentSoFar);
  const days = input.dailySpend.map((amount) => money(amount));
  const remainingDays = money(BigInt(Math.max(0, input.periodEnd.getTime() - input.now.getTime()))).dividedBy(DAY_MS);
  if (days.length === 0) {
    const zero = money(0n);
    return {
      dailyAverage: zero,
      dailyMin: zero,
      dailyMax: zero,
      basedOnDays: 0,
      expected: spent,
      low: spent,
      high: spent,
    };
  }
  const total = days.reduce((sum, day) => sum.plus(day), money(0n));
  const dailyAverage = total.dividedBy(days.length);
  const dailyMin = days.reduce((min, day) => (day.lessThan(min) ? day : min));
  const dailyMax = days.reduce((max, day) => (day.greaterThan(max) ? day : max));
  return {
    dailyAverage,
    dailyMin,
    dailyMax,
    basedOnDays: days.length,
    expected: spent.plus(dailyAverage.times(remainingDays)),
    low: spent.plus(dailyMin.times(remainingDays)),
    high: spent.plus(dailyMax.times(remainingDays)),
  };
}

/**
 * When a credit balance runs out at the average daily spend: null when nothing is spent (it never runs out) or
 * there is no balance left.
 */
export function creditDepletionDate(balance: string, dailyAverage: Money, now: Date): Date | null {
  const left = money(balance);
  if (left.lessThanOrEqualTo(0) || dailyAverage.lessThanOrEqualTo(0)) return null;
  const days = left.dividedBy(dailyAverage);
  return new Date(now.getTime() + days.times(DAY_MS).floor().toNumber());
}
