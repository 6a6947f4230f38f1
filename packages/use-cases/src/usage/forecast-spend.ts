import {
  billingPeriodEnd,
  billingPeriodStart,
  creditDepletionDate,
  forecastPeriodSpend,
  RUN_RATE_DAYS,
  SPEND_FORECAST_METHOD,
} from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { loadTenantBilling } from "../invoices/billing-periods.ts";
import { summarizeUsage } from "./summarize-usage.ts";
import { getDailyUsage } from "./usage-reads.ts";

const DAY_MS = 86_400_000;

export interface SpendForecastView {
  tenantId: string;
  currency: string;
  periodStart: Date;
  periodEnd: Date;
  asOf: Date;
  /** Rated usage in the period so far, exact (before credits and tax). */
  spentSoFar: string;
  basedOnDays: number;
  dailyAverage: string;
  expected: string;
  low: string;
  high: string;
  method: string;
  /** Unexpired, unvoided credit in the plan's currency, and when it runs out at the average daily spend. */
  creditBalance: string;
  creditDepletesAt: Date | null;
}

function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/**
 * The current period's spend so far and where it is heading, from the rollups (never raw events): the run
 * rate is the last RUN_RATE_DAYS full UTC days (fewer for a tenant created more recently: its first, partial day
 * is not a full day), zero-spend days included.
 */
export async function forecastSpend(db: DbOrTx, tenantId: string, now: Date = new Date()): Promise<SpendForecastView> {
  const tenant = await loadTenantBilling(db, tenantId);
  // The tenant's billing period (its anchor day), as the invoices have it.
  const periodStart = billingPeriodStart(now, tenant.anchor);
  const periodEnd = billingPeriodEnd(periodStart, tenant.anchor);
  const today = startOfUtcDay(now);
  const firstFullDay = new Date(
    startOfUtcDay(tenant.createdAt).getTime() + (tenant.createdAt > startOfUtcDay(tenant.createdAt) ? DAY_MS : 0),
  );
  const windowStart = new Date(Math.max(today.getTime() - RUN_RATE_DAYS * DAY_MS, firstFullDay.getTime()));

  const [period, daily, credit] = await Promise.all([
    summarizeUsage(db, tenantId, { from: periodStart, to: now }),
    windowStart < today ? getDailyUsage(db, tenantId, { from: windowStart, to: today }) : Promise.resolve([]),
    // Every currency's balance: the one the plan bills in is picked below, without waiting for the plan first.
    db.$queryRaw<{ currency: string; balance: { toString(): string } }[]>`
      SELECT currency, sum(remaining) AS balance FROM credit_grants
       WHERE tenant_id = ${tenantId}::uuid AND voided_at IS NULL AND (expires_at IS NULL OR expires_at > ${now})
       GROUP BY currency`,
  ]);
  const byDay = new Map(daily.map((day) => [day.day, day.amount]));
  const dailySpend: string[] = [];
  for (let day = windowStart.getTime(); day < today.getTime(); day += DAY_MS) {
    dailySpend.push(byDay.get(new Date(day).toISOString().slice(0, 10)) ?? "0");
  }
  const forecast = forecastPeriodSpend({ spentSoFar: period.totals.amount, dailySpend, now, periodEnd });
  const creditBalance = credit.find((row) => row.currency === period.currency)?.balance.toString() ?? "0";

  return {
    tenantId,
    currency: period.currency,
    periodStart,
    periodEnd,
    asOf: now,
    spentSoFar: period.totals.amount,
    basedOnDays: forecast.basedOnDays,
    dailyAverage: forecast.dailyAverage.toFixed(),
    expected: forecast.expected.toFixed(),
    low: forecast.low.toFixed(),
    high: forecast.high.toFixed(),
    method: SPEND_FORECAST_METHOD,
    creditBalance,
    creditDepletesAt: creditDepletionDate(creditBalance, forecast.dailyAverage, now),
  };
}
