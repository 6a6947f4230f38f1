import { money, toDecimalString, type TokenType } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { Prisma } from "@tollgate/db";
import { rollupSource } from "./rollup-source.ts";

export interface UsageRange {
  from: Date;
  to: Date;
}

/** Token sums are decimal strings of bigints; amounts are full-precision decimal strings. */
export interface UsageTotals {
  eventCount: string;
  unratedCount: string;
  tokens: Record<TokenType, string>;
  totalTokens: string;
  amount: string;
}

interface RollupSumRow {
  bucket: Date | null;
  event_count: bigint | null;
  unrated_count: bigint | null;
  input: bigint | null;
  cached_input: bigint | null;
  cache_write: bigint | null;
  output: bigint | null;
  reasoning: bigint | null;
  amount: { toString(): string } | null;
}

/** The columns every rollup read selects, matching {@link RollupSumRow}. */
const ROLLUP_SUMS = Prisma.sql`
  sum(event_count)::bigint AS event_count, sum(unrated_count)::bigint AS unrated_count,
  sum(input_tokens)::bigint AS input, sum(cached_input_tokens)::bigint AS cached_input,
  sum(cache_write_tokens)::bigint AS cache_write, sum(output_tokens)::bigint AS output,
  sum(reasoning_tokens)::bigint AS reasoning, sum(amount) AS amount`;

function toTotals(row: RollupSumRow | undefined): UsageTotals {
  const n = (value: bigint | null | undefined) => value ?? 0n;
  const tokens = {
    input: n(row?.input),
    cached_input: n(row?.cached_input),
    cache_write: n(row?.cache_write),
    output: n(row?.output),
    reasoning: n(row?.reasoning),
  };
  const total = tokens.input + tokens.cached_input + tokens.cache_write + tokens.output + tokens.reasoning;
  return {
    eventCount: n(row?.event_count).toString(),
    unratedCount: n(row?.unrated_count).toString(),
    tokens: {
      input: tokens.input.toString(),
      cached_input: tokens.cached_input.toString(),
      cache_write: tokens.cache_write.toString(),
      output: tokens.output.toString(),
      reasoning: tokens.reasoning.toString(),
    },
    totalTokens: total.toString(),
    amount: toDecimalString(money(row?.amount?.toString() ?? "0")),
  };
}

/** Usage of one tenant in [from, to) from the rollups (daily rows for whole UTC days, hourly for the rest). */
export async function getUsageTotals(db: DbOrTx, tenantId: string, range: UsageRange): Promise<UsageTotals> {
  const rows = await db.$queryRaw<RollupSumRow[]>`
    SELECT NULL::timestamptz AS bucket,
           ${ROLLUP_SUMS}
    FROM ${rollupSource(tenantId, range)}`;
  return toTotals(rows[0]);
}

export interface DailyUsage extends UsageTotals {
  day: string;
}

/** One row per UTC day that has usage, ascending. */
export async function getDailyUsage(db: DbOrTx, tenantId: string, range: UsageRange): Promise<DailyUsage[]> {
  const { groups } = await getUsageGroupedBy(db, tenantId, range, "day");
  return groups.map(({ key, ...totals }) => ({ day: key ?? "", ...totals }));
}

/**
 * The totals of [from, to) and its days (as getUsageTotals and getDailyUsage) from one scan of the rollups:
 * GROUPING SETS sums the rows per day and over all of them in the same pass, where two queries read every row twice.
 */
export async function getDailyUsageAndTotals(
  db: DbOrTx,
  tenantId: string,
  range: UsageRange,
): Promise<{ totals: UsageTotals; daily: DailyUsage[] }> {
  const day = GROUP_KEY_SQL.day;
  const rows = await db.$queryRaw<(RollupSumRow & { day: string | null; is_total: number })[]>`
    SELECT NULL::timestamptz AS bucket, ${day} AS day, grouping(${day}) AS is_total,
           ${ROLLUP_SUMS}
    FROM ${rollupSource(tenantId, range)}
    GROUP BY GROUPING SETS ((${day}), ())
    ORDER BY 3, 2`;
  const total = rows.find((row) => row.is_total === 1);
  const daily = rows.filter((row) => row.is_total === 0).map((row) => ({ day: row.day ?? "", ...toTotals(row) }));
  return { totals: toTotals(total), daily };
}

export interface ModelUsage extends UsageTotals {
  modelId: string;
}

/** Usage per model in [from, to), most expensive first (then most tokens), so the bill's drivers come first. */
export async function getUsageByModel(db: DbOrTx, tenantId: string, range: UsageRange): Promise<ModelUsage[]> {
  const { groups } = await getUsageGroupedBy(db, tenantId, range, "model");
  return groups.map(({ key, ...totals }) => ({ modelId: key ?? "", ...totals }));
}

export const USAGE_GROUP_BYS = ["model", "day", "api_key", "customer", "agent"] as const;
export type UsageGroupBy = (typeof USAGE_GROUP_BYS)[number];

/** Usage of one group; `key` is null for usage without that attribute (no api key, customer or agent). */
export interface UsageGroup extends UsageTotals {
  key: string | null;
}

export interface GroupedUsage {
  groups: UsageGroup[];
  /** True when there were more groups than `maxGroups`; the most expensive ones are kept. */
  truncated: boolean;
}

/** Customers and agents are open-ended; a response beyond this many groups would be too large to be useful. */
export const MAX_USAGE_GROUPS = 10_000;

// Rollups store a missing attribute as '' (it is part of their primary key); readers see null.
const GROUP_KEY_SQL: Record<UsageGroupBy, Prisma.Sql> = {
  model: Prisma.sql`model_id`,
  day: Prisma.sql`to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  api_key: Prisma.sql`NULLIF(api_key_id, '')`,
  customer: Prisma.sql`NULLIF(customer, '')`,
  agent: Prisma.sql`NULLIF(agent, '')`,
};

/**
 * Usage in [from, to) per model, UTC day, api key, customer or agent, from the rollups (see rollupSource).
 * Days ascend; every other grouping is most expensive first (then most tokens, then key), so the bill's drivers
 * come first and survive truncation.
 */
export async function getUsageGroupedBy(
  db: DbOrTx,
  tenantId: string,
  range: UsageRange,
  groupBy: UsageGroupBy,
  maxGroups: number = MAX_USAGE_GROUPS,
): Promise<GroupedUsage> {
  const order =
    groupBy === "day"
      ? Prisma.sql`2`
      : Prisma.sql`sum(amount) DESC,
          sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens + reasoning_tokens) DESC,
          2 NULLS LAST`;
  const rows = await db.$queryRaw<(RollupSumRow & { group_key: string | null })[]>`
    SELECT NULL::timestamptz AS bucket, ${GROUP_KEY_SQL[groupBy]} AS group_key,
           ${ROLLUP_SUMS}
    FROM ${rollupSource(tenantId, range)}
    GROUP BY 2
    ORDER BY ${order}
    LIMIT ${maxGroups + 1}`;
  const groups = rows.slice(0, maxGroups).map((row) => ({ key: row.group_key, ...toTotals(row) }));
  return { groups, truncated: rows.length > maxGroups };
}
