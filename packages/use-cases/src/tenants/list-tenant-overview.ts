import { money, spendGrowth, toDecimalString } from "@tollgate/domain";
import { Prisma, type DbOrTx } from "@tollgate/db";
import { periodSpendTotals } from "./period-spend-totals.ts";

export const TENANT_OVERVIEW_SORTS = ["name", "spend"] as const;
export type TenantOverviewSort = (typeof TENANT_OVERVIEW_SORTS)[number];

/** Where a page starts: after this row of the previous page (its sort key and id). */
export interface TenantOverviewAfter {
  /** The name (sort "name") or this period's spend as an exact decimal (sort "spend"). */
  key: string;
  id: string;
}

export interface TenantOverviewQuery {
  /** A prefix of the name or the slug, any case; absent or empty: every tenant. */
  search?: string | undefined;
  /** "name": A→Z; "spend": this period's spend, largest first. Ties by id. */
  sort: TenantOverviewSort;
  after: TenantOverviewAfter | null;
  limit: number;
  now?: Date;
}

export interface TenantOverviewRow {
  id: string;
  name: string;
  slug: string;
  /** The plan version in force now; null for a tenant without a subscription. */
  plan: { name: string; version: number } | null;
  /** The plan's currency (USD without a plan): spend and credit are in it. */
  currency: string;
  periodStart: Date;
  /** Usage charges of the current billing period so far, exact (before credits and tax). */
  spend: string;
  /** Tokens of the period's rated usage. */
  tokens: string;
  /** Usage charges of the whole previous billing period (late usage included). */
  previousSpend: string;
  /**
   * Usage charges of the previous period up to the same point: as long into it as `now` is into this one (by the
   * hour of the usage, late usage included), from the daily and hourly rollups the worker keeps with the charges.
   */
  previousSpendToDate: string;
  /**
   * (spend − previousSpendToDate) / previousSpendToDate, see spendGrowth: this period so far against the same
   * stretch of the last, so early in a period a steady tenant reads flat, not falling; null when that had none.
   */
  growth: string | null;
  /** Unexpired, unvoided credit in the currency. */
  creditBalance: string;
  unreadAlerts: number;
}

export interface TenantOverviewPage {
  tenants: TenantOverviewRow[];
  /** The last row's position, for the next page; null on the last page. */
  next: TenantOverviewAfter | null;
}

/** `%` and `_` are LIKE wildcards and `\` its escape: searched for literally. */
function prefixPattern(search: string): string {
  return `${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The operators' tenant list, one page: searched, sorted and keyset-paginated, each row with its plan, this
 * period's spend and tokens, growth, credit and unread alerts. Sorted by name it pages first (the (name, id)
 * index) and aggregates only the page's tenants; sorted by spend it must know every matching tenant's spend, read
 * from tenant_period_spend (one row per tenant and period) or, for a search's few tenants, ledger_period_totals (a
 * few rows per tenant and model, by primary key), never from the ledger.
 */
export async function listTenantOverview(db: DbOrTx, query: TenantOverviewQuery): Promise<TenantOverviewPage> {
  const now = query.now ?? new Date();
  const search = query.search?.trim() ?? "";
  const matches =
    search === ""
      ? Prisma.sql`TRUE`
      : Prisma.sql`(t.name ILIKE ${prefixPattern(search)} OR t.slug ILIKE ${prefixPattern(search)})`;
  const page = query.sort === "name" ? namePage(matches, query) : spendPage(matches, query, now);

  const rows = await db.$queryRaw<
    {
      id: string;
      name: string;
      slug: string;
      period_start: Date;
      plan_name: string | null;
      plan_version: number | null;
      currency: string;
      spend: string;
      tokens: string;
      previous_spend: string;
      previous_to_date: string;
      credit_balance: string;
      unread_alerts: number;
    }[]
  >`
    WITH page AS (${page}),
    periods AS (
      SELECT p.id, p.name, p.slug, p.ord, cp.period_start,
             billing_period_start(cp.period_start - interval '1 millisecond', p.billing_anchor_day,
                                  p.next_billing_anchor_day, p.billing_anchor_changes_at) AS previous_start
        FROM page p
        CROSS JOIN LATERAL (SELECT billing_period_start(${now}, p.billing_anchor_day, p.next_billing_anchor_day,
                                                        p.billing_anchor_changes_at) AS period_start) cp
    )
    SELECT pr.id::text AS id, pr.name, pr.slug, pr.period_start, plan.plan_name, plan.plan_version,
           coalesce(plan.currency, 'USD') AS currency,
           coalesce(cur.amount, 0)::text AS spend, coalesce(cur.tokens, 0)::text AS tokens,
           coalesce(prev.amount, 0)::text AS previous_spend, coalesce(prev_to_date.amount, 0)::text AS previous_to_date,
           coalesce(credit.balance, 0)::text AS credit_balance,
           alerts.unread::int AS unread_alerts
      FROM periods pr
      LEFT JOIN LATERAL (${planInForce(Prisma.sql`pr.id`, now)}) plan ON TRUE
      LEFT JOIN LATERAL (
        SELECT sum(l.amount) AS amount, sum(l.quantity) FILTER (WHERE l.token_type <> '') AS tokens
          FROM ledger_period_totals l
         WHERE l.tenant_id = pr.id AND l.billed_period_start = pr.period_start
           AND l.origin_period_start = pr.period_start AND l.kind = 'usage_charge'
           AND trim(l.currency) = coalesce(plan.currency, 'USD')
      ) cur ON TRUE
      LEFT JOIN LATERAL (
        SELECT sum(l.amount) AS amount
          FROM ledger_period_totals l
         WHERE l.tenant_id = pr.id AND l.billed_period_start >= pr.previous_start
           AND l.origin_period_start = pr.previous_start AND l.kind = 'usage_charge'
           AND trim(l.currency) = coalesce(plan.currency, 'USD')
      ) prev ON TRUE
      LEFT JOIN LATERAL (
        -- The previous period up to the same point (never past its end: a short period after an anchor change):
        -- its whole UTC days from the daily rollups and the hours of the last, partial day from the hourly ones (a
        -- busy tenant has hundreds of rows an hour), each by its primary key's (tenant, time) prefix. Periods start
        -- at 00:00 UTC, so the days align. Rollups have no currency: a tenant's plan currency seldom changes, and
        -- then this compares the amounts as they were charged.
        SELECT (SELECT coalesce(sum(d.amount), 0) FROM usage_rollups_daily d
                 WHERE d.tenant_id = pr.id AND d.day >= pr.previous_start AND d.day < c.cutoff_day)
             + (SELECT coalesce(sum(h.amount), 0) FROM usage_rollups_hourly h
                 WHERE h.tenant_id = pr.id AND h.hour >= c.cutoff_day AND h.hour < c.cutoff) AS amount
          FROM (SELECT cut.cutoff, date_trunc('day', cut.cutoff, 'UTC') AS cutoff_day
                  FROM (SELECT least(pr.previous_start + (${now}::timestamptz - pr.period_start), pr.period_start)
                          AS cutoff) cut) c
      ) prev_to_date ON TRUE
      LEFT JOIN LATERAL (
        SELECT sum(g.remaining) AS balance
          FROM credit_grants g
         WHERE g.tenant_id = pr.id AND g.voided_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > ${now})
           AND trim(g.currency) = coalesce(plan.currency, 'USD')
      ) credit ON TRUE
      LEFT JOIN LATERAL (
        SELECT count(*) AS unread FROM alerts a WHERE a.tenant_id = pr.id AND a.read_at IS NULL
      ) alerts ON TRUE
     ORDER BY pr.ord`;

  const shown = rows.slice(0, query.limit);
  const tenants = shown.map((row): TenantOverviewRow => ({
    id: row.id,
    name: row.name,
    slug: row.slug,
    plan:
      row.plan_name === null || row.plan_version === null ? null : { name: row.plan_name, version: row.plan_version },
    currency: row.currency,
    periodStart: row.period_start,
    // NUMERIC text keeps all 30 decimals: trimmed, exact.
    spend: toDecimalString(money(row.spend)),
    tokens: row.tokens,
    previousSpend: toDecimalString(money(row.previous_spend)),
    previousSpendToDate: toDecimalString(money(row.previous_to_date)),
    growth: spendGrowth(row.spend, row.previous_to_date),
    creditBalance: toDecimalString(money(row.credit_balance)),
    unreadAlerts: row.unread_alerts,
  }));
  const last = tenants.at(-1);
  const next =
    rows.length > query.limit && last ? { key: query.sort === "name" ? last.name : last.spend, id: last.id } : null;
  return { tenants, next };
}

/** The subscription in force at `now` for the tenant `tenantId` names (a column of the outer query). */
function planInForce(tenantId: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT p.name AS plan_name, v.version AS plan_version, trim(v.currency) AS currency
      FROM subscriptions s JOIN plan_versions v ON v.id = s.plan_version_id JOIN plans p ON p.id = v.plan_id
     WHERE s.tenant_id = ${tenantId} AND s.starts_at <= ${now} AND (s.ends_at IS NULL OR s.ends_at > ${now})
     ORDER BY s.starts_at DESC LIMIT 1`;
}

/** Page first: the (name, id) index gives the page in order; one row more tells whether another page follows. */
function namePage(matches: Prisma.Sql, query: TenantOverviewQuery): Prisma.Sql {
  const after =
    query.after === null
      ? Prisma.sql`TRUE`
      : Prisma.sql`(t.name, t.id) > (${query.after.key}, ${query.after.id}::uuid)`;
  return Prisma.sql`
    SELECT t.id, t.name, t.slug, t.billing_anchor_day, t.next_billing_anchor_day, t.billing_anchor_changes_at,
           row_number() OVER (ORDER BY t.name, t.id) AS ord
      FROM tenants t
     WHERE ${matches} AND ${after}
     ORDER BY t.name, t.id
     LIMIT ${query.limit + 1}`;
}

/**
 * Spend first: every matching tenant's usage charges this period (in its plan's currency), then the page. The same
 * sums are read again for the page's rows, which keeps one row shape for both sorts.
 */
function spendPage(matches: Prisma.Sql, query: TenantOverviewQuery, now: Date): Prisma.Sql {
  const after =
    query.after === null
      ? Prisma.sql`TRUE`
      : Prisma.sql`(s.spend < ${query.after.key}::numeric
                   OR (s.spend = ${query.after.key}::numeric AND s.id > ${query.after.id}::uuid))`;
  const search = query.search?.trim() ?? "";
  return Prisma.sql`
    SELECT s.id, s.name, s.slug, s.billing_anchor_day, s.next_billing_anchor_day, s.billing_anchor_changes_at,
           row_number() OVER (ORDER BY s.spend DESC, s.id) AS ord
      FROM (${search === "" ? everySpend(now) : matchingSpend(matches, now)}) s
     WHERE ${after}
     ORDER BY s.spend DESC, s.id
     LIMIT ${query.limit + 1}`;
}

/**
 * Every tenant's spend, set-based: looked up tenant by tenant (plan, then period totals) it is two index probes per
 * tenant, seconds at 10,000 tenants. Instead the plans in force in one pass over subscriptions and the usage charges
 * of every current period from tenant_period_spend (~1 row per tenant and period; summing ledger_period_totals'
 * ~100 rows per tenant was most of the cost), both hash-joined to the tenants. Exact: see periodSpendTotals.
 */
function everySpend(now: Date): Prisma.Sql {
  // Every tenant's current period started at most 31 days ago (the longest month): rows before are no one's.
  const earliestPeriod = new Date(now.getTime() - 32 * 86_400_000);
  return Prisma.sql`
    SELECT t.id, t.name, t.slug, t.billing_anchor_day, t.next_billing_anchor_day, t.billing_anchor_changes_at,
           coalesce(cur.amount, 0) AS spend
      FROM tenants t
      LEFT JOIN (
        SELECT DISTINCT ON (sub.tenant_id) sub.tenant_id, trim(v.currency) AS currency
          FROM subscriptions sub JOIN plan_versions v ON v.id = sub.plan_version_id
         WHERE sub.starts_at <= ${now} AND (sub.ends_at IS NULL OR sub.ends_at > ${now})
         ORDER BY sub.tenant_id, sub.starts_at DESC
      ) plan ON plan.tenant_id = t.id
      LEFT JOIN (${periodSpendTotals(earliestPeriod, now)}) cur
        ON cur.tenant_id = t.id
           AND cur.period_start = billing_period_start(${now}, t.billing_anchor_day, t.next_billing_anchor_day,
                                                              t.billing_anchor_changes_at)
           AND cur.currency = coalesce(plan.currency, 'USD')`;
}

/** A search's tenants' spend: few tenants, so each one's plan and period totals looked up by primary key. */
function matchingSpend(matches: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT t.id, t.name, t.slug, t.billing_anchor_day, t.next_billing_anchor_day, t.billing_anchor_changes_at,
           coalesce(cur.amount, 0) AS spend
      FROM tenants t
      LEFT JOIN LATERAL (${planInForce(Prisma.sql`t.id`, now)}) plan ON TRUE
      LEFT JOIN LATERAL (
        SELECT sum(l.amount) AS amount
          FROM ledger_period_totals l
         WHERE l.tenant_id = t.id
           AND l.billed_period_start = billing_period_start(${now}, t.billing_anchor_day, t.next_billing_anchor_day,
                                                            t.billing_anchor_changes_at)
           AND l.origin_period_start = l.billed_period_start
           AND l.kind = 'usage_charge' AND trim(l.currency) = coalesce(plan.currency, 'USD')
      ) cur ON TRUE
     WHERE ${matches}`;
}
