import { z } from "zod";
import type { AlertRecord } from "../limits/budget-alert.ts";
import { toDecimalString, type Money } from "../money.ts";

const DAY_MS = 86_400_000;

/** The alert kind (and webhook event type) of a credit balance projected to run out soon. */
export const CREDIT_DEPLETION_FORECAST_ALERT = "credit.depletion_forecast";

export const LOW_CREDIT_ALERT_DAYS_MIN = 1;
export const LOW_CREDIT_ALERT_DAYS_MAX = 90;
const DAYS_MESSAGE =
  `a whole number of days from ${LOW_CREDIT_ALERT_DAYS_MIN.toString()} to ` +
  `${LOW_CREDIT_ALERT_DAYS_MAX.toString()}, or empty for no alert`;

/** The tenant setting: alert when credit is projected to run out within this many days; null: never. */
export const lowCreditAlertDaysSchema = z
  .number()
  .int(DAYS_MESSAGE)
  .min(LOW_CREDIT_ALERT_DAYS_MIN, DAYS_MESSAGE)
  .max(LOW_CREDIT_ALERT_DAYS_MAX, DAYS_MESSAGE)
  .nullable();

/** The console's form of the setting: a text field, empty meaning "no alert" (the server takes the number). */
export const lowCreditAlertFormSchema = z.object({
  days: z
    .string()
    .trim()
    .refine(
      (text) => text === "" || (/^\d{1,3}$/.test(text) && lowCreditAlertDaysSchema.safeParse(Number(text)).success),
      DAYS_MESSAGE,
    ),
});

/** The form's text as the setting (call after the form validated). */
export function lowCreditAlertDaysFromForm(days: string): number | null {
  const text = days.trim();
  return text === "" ? null : Number(text);
}

export interface CreditDepletionCheck {
  tenantId: string;
  currency: string;
  /** The live balance in that currency, exact. */
  balance: string;
  dailyAverage: Money;
  /** From creditDepletionDate (the overview's forecast); null: not running out. */
  depletesAt: Date | null;
  now: Date;
  /** The tenant's low_credit_alert_days. */
  alertDays: number;
  /** The billing period the check runs in. */
  periodStart: Date;
  /** The newest live credit grant in that currency: a top-up changes it, so a later fall alerts again. */
  newestGrantId: string | null;
}

/**
 * The alert for credit projected to run out within the tenant's window, or null when it is not. At most one per
 * (tenant, currency, billing period, window, newest grant): a scan that finds the same projection again writes
 * nothing new, while a top-up that later runs low again, a new period or a new window alerts afresh.
 */
export function creditDepletionForecastAlert(check: CreditDepletionCheck): AlertRecord | null {
  const { depletesAt, now, alertDays } = check;
  if (depletesAt === null || depletesAt.getTime() - now.getTime() > alertDays * DAY_MS) return null;
  const period = check.periodStart.toISOString().slice(0, 10);
  return {
    tenantId: check.tenantId,
    kind: CREDIT_DEPLETION_FORECAST_ALERT,
    dedupeKey:
      `${CREDIT_DEPLETION_FORECAST_ALERT}:${check.currency}:${period}:${alertDays.toString()}:` +
      (check.newestGrantId ?? "none"),
    payload: {
      currency: check.currency,
      balance: check.balance,
      daily_average: toDecimalString(check.dailyAverage),
      depletes_at: depletesAt.toISOString(),
      alert_days: alertDays,
      period_start: check.periodStart.toISOString(),
      newest_grant_id: check.newestGrantId,
    },
  };
}
