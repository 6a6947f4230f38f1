import { creditDepletionForecastAlert, money, type AlertRecord } from "@tollgate/domain";
import type { DbOrTx, Prisma } from "@tollgate/db";
import { loadCreditTotals } from "../limits/credit-totals.ts";
import { forecastSpend } from "../usage/forecast-spend.ts";

export interface LowCreditAlertTenant {
  tenantId: string;
  alertDays: number;
}

/** One page of the tenants that set low_credit_alert_days, in id order (a partial index holds only them). */
export async function tenantsWithLowCreditAlert(
  db: DbOrTx,
  page: { afterId: string | null; limit: number },
): Promise<{ tenants: LowCreditAlertTenant[]; lastId: string | null }> {
  const rows = await db.$queryRaw<{ id: string; days: number }[]>`
    SELECT id::text AS id, low_credit_alert_days AS days FROM tenants
     WHERE low_credit_alert_days IS NOT NULL AND (${page.afterId}::uuid IS NULL OR id > ${page.afterId}::uuid)
     ORDER BY id
     LIMIT ${page.limit}`;
  return {
    tenants: rows.map((row) => ({ tenantId: row.id, alertDays: row.days })),
    lastId: rows.length < page.limit ? null : (rows.at(-1)?.id ?? null),
  };
}

/**
 * The tenant's credit forecast as the overview shows it (`forecastSpend`: the same run rate and depletion date) and,
 * when the credit runs out within `alertDays`, its `credit.depletion_forecast` alert, written once per dedupe key
 * (the alerts trigger turns it into a webhook event). Returns the alert when this call wrote it, null otherwise.
 */
export async function checkCreditDepletionForecast(
  db: DbOrTx,
  tenant: LowCreditAlertTenant,
  now: Date,
): Promise<AlertRecord | null> {
  const [forecast, credit] = await Promise.all([
    forecastSpend(db, tenant.tenantId, now),
    loadCreditTotals(db, [tenant.tenantId], now),
  ]);
  const alert = creditDepletionForecastAlert({
    tenantId: tenant.tenantId,
    currency: forecast.currency,
    balance: forecast.creditBalance,
    dailyAverage: money(forecast.dailyAverage),
    depletesAt: forecast.creditDepletesAt,
    now,
    alertDays: tenant.alertDays,
    periodStart: forecast.periodStart,
    newestGrantId: credit.find((total) => total.currency === forecast.currency)?.newestLiveGrantId ?? null,
  });
  if (!alert) return null;
  const written = await db.alert.createMany({
    data: [
      {
        tenantId: alert.tenantId,
        kind: alert.kind,
        dedupeKey: alert.dedupeKey,
        payload: alert.payload as Prisma.InputJsonObject,
      },
    ],
    skipDuplicates: true,
  });
  return written.count === 1 ? alert : null;
}

/**
 * Checks every tenant that set low_credit_alert_days, page by page. Idempotent: an alert already written for the
 * same projection (same currency, period, window and newest grant) is not written again.
 */
export async function scanCreditDepletionForecasts(
  db: DbOrTx,
  now: Date,
  options: { pageSize?: number } = {},
): Promise<{ tenantsChecked: number; alertsWritten: number }> {
  const limit = options.pageSize ?? 500;
  let afterId: string | null = null;
  let tenantsChecked = 0;
  let alertsWritten = 0;
  do {
    const page = await tenantsWithLowCreditAlert(db, { afterId, limit });
    for (const tenant of page.tenants) {
      if (await checkCreditDepletionForecast(db, tenant, now)) alertsWritten += 1;
    }
    tenantsChecked += page.tenants.length;
    afterId = page.lastId;
  } while (afterId !== null);
  return { tenantsChecked, alertsWritten };
}
