import { Prisma, type Db } from "@tollgate/db";
import { listAlerts } from "@tollgate/use-cases/alerts";
import { listTenantApiKeys } from "@tollgate/use-cases/api-keys";
import { listBudgetsWithSpend } from "@tollgate/use-cases/budgets";
import { DEFAULT_INVOICE_ISSUER, getUpcomingInvoice } from "@tollgate/use-cases/invoices";
import { listTasks } from "@tollgate/use-cases/tasks";
import { exploreUsage, forecastSpend, getUsageByModel, summarizeUsage } from "@tollgate/use-cases/usage";

const HOUR_MS = 3_600_000;
/** Rows of the overview's top-usage cards, recent alerts and top tasks, as the console asks (TOP, RECENT). */
const TOP_USAGE = 5;
const RECENT_ALERTS = 3;
const TOP_TASKS = 5;

/**
 * Every read the tenant overview page (apps/console/src/pages/overview-page.tsx and its cards) makes, as its tRPC
 * procedures call the use cases, for the busy tenant at `now` (the seeded data's last millisecond; the seed gives it
 * anchor day 1, so the period so far is the whole month): usage.summary and usage.byModel of the default 30 days,
 * usageReads.forecast (period spend, run rate, credit balance), invoices.upcoming, tenantBudgets.list, apiKeys.list
 * (the budget card names keys), usageReads.explore for the top API keys and agents of the period so far,
 * alerts.list (the 3 newest) and tasks.list (the month's 5 costliest). Then the page as a whole: those requests in
 * parallel as the browser sends them, the top-usage cards after the forecast (they need its period start). The top
 * tasks also as they were read before usage_task_month_totals, next to it (same load).
 */
export function overviewCases(db: Db, tenantId: string, now: Date): [string, () => Promise<unknown>][] {
  const to = new Date(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS);
  const range = { from: new Date(to.getTime() - 30 * 86_400_000), to };
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const summary = () => summarizeUsage(db, tenantId, range, { daily: true });
  const byModel = () => getUsageByModel(db, tenantId, range);
  const forecast = () => forecastSpend(db, tenantId, now);
  const upcoming = () => getUpcomingInvoice(db, tenantId, DEFAULT_INVOICE_ISSUER, { now });
  const budgets = () => listBudgetsWithSpend(db, tenantId, now);
  const apiKeys = () => listTenantApiKeys(db, tenantId);
  // PeriodTopUsage: the period so far up to the end of the current hour, daily, the costliest TOP_USAGE groups.
  const top = (periodStart: Date, groupBy: "api_key" | "agent") => () =>
    exploreUsage(db, tenantId, {
      from: periodStart,
      to: new Date(Math.max(to.getTime(), periodStart.getTime() + HOUR_MS)),
      granularity: "day",
      timeZone: "UTC",
      groupBy,
      maxGroups: TOP_USAGE,
      filters: {},
    });
  const alerts = () => listAlerts(db, tenantId, {}, { before: null, limit: RECENT_ALERTS });
  const tasks = () => listTasks(db, tenantId, { month, limit: TOP_TASKS });
  const page = async () => {
    const topCards = forecast().then(({ periodStart }) =>
      Promise.all([top(periodStart, "api_key")(), top(periodStart, "agent")()]),
    );
    return Promise.all([summary(), byModel(), topCards, upcoming(), budgets(), apiKeys(), alerts(), tasks()]);
  };
  return [
    ["overview usage summary 30 d (totals + daily)", summary],
    ["overview usage by model 30 d", byModel],
    ["overview spend forecast + credit balance", forecast],
    ["overview upcoming invoice", upcoming],
    ["overview budgets with spend", budgets],
    ["overview api keys", apiKeys],
    ["overview top api keys of the period", top(month, "api_key")],
    ["overview top agents of the period", top(month, "agent")],
    ["overview recent alerts", alerts],
    ["overview top tasks of the month", tasks],
    ["overview top tasks, per-model rows summed (before)", () => perModelTopTasks(db, tenantId, month)],
    ["overview whole page (its reads in parallel)", page],
  ];
}

/** The month's top tasks and its agents as listTasks read them before the per-task totals: every per-model row. */
async function perModelTopTasks(db: Db, tenantId: string, month: Date): Promise<unknown> {
  return Promise.all([
    db.$queryRaw`
      SELECT task_id, min(NULLIF(agent, '')) AS agent,
             array_agg(model_id ORDER BY amount DESC, model_id) FILTER (WHERE event_count > 0) AS models,
             min(first_seen_at) AS first_seen_at, max(last_seen_at) AS last_seen_at,
             sum(event_count)::bigint AS event_count, sum(unrated_count)::bigint AS unrated_count,
             sum(input_tokens)::bigint AS input, sum(cached_input_tokens)::bigint AS cached_input,
             sum(cache_write_tokens)::bigint AS cache_write, sum(output_tokens)::bigint AS output,
             sum(reasoning_tokens)::bigint AS reasoning, sum(amount) AS amount
        FROM usage_task_totals
       WHERE tenant_id = ${tenantId}::uuid AND month = ${month}
       GROUP BY task_id
       ORDER BY sum(amount) DESC, task_id
       LIMIT ${Prisma.raw(String(TOP_TASKS + 1))}`,
    db.$queryRaw`
      SELECT DISTINCT agent FROM usage_task_totals
       WHERE tenant_id = ${tenantId}::uuid AND month = ${month} AND agent <> ''
       ORDER BY agent LIMIT 200`,
  ]);
}
