import { money, toDecimalString, type TokenType } from "@tollgate/domain";
import type { DbOrTx } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";

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

/** Usage of one tenant in [from, to) from the hourly rollups (whole hours). */
export async function getUsageTotals(db: DbOrTx, tenantId: string, range: UsageRange): Promise<UsageTotals> {
  const rows = await db.$queryRaw<RollupSumRow[]>`
    SELECT NULL::timestamptz AS bucket,
           ${ROLLUP_SUMS}
    FROM usage_rollups_hourly
    WHERE tenant_id = ${tenantId}::uuid AND hour >= ${range.from} AND hour < ${range.to}`;
  return toTotals(rows[0]);
}

export interface DailyUsage extends UsageTotals {
  day: string;
}

/** One row per UTC day that has usage, ascending. */
export async function getDailyUsage(db: DbOrTx, tenantId: string, range: UsageRange): Promise<DailyUsage[]> {
  const rows = await db.$queryRaw<RollupSumRow[]>`
    SELECT date_trunc('day', hour, 'UTC') AS bucket,
           ${ROLLUP_SUMS}
    FROM usage_rollups_hourly
    WHERE tenant_id = ${tenantId}::uuid AND hour >= ${range.from} AND hour < ${range.to}
    GROUP BY 1 ORDER BY 1`;
  return rows.map((row) => ({ day: (row.bucket ?? range.from).toISOString().slice(0, 10), ...toTotals(row) }));
}

export interface ModelUsage extends UsageTotals {
  modelId: string;
}

/** Usage per model in [from, to), most expensive first (then most tokens), so the bill's drivers come first. */
export async function getUsageByModel(db: DbOrTx, tenantId: string, range: UsageRange): Promise<ModelUsage[]> {
  const rows = await db.$queryRaw<(RollupSumRow & { model_id: string })[]>`
    SELECT NULL::timestamptz AS bucket, model_id,
           ${ROLLUP_SUMS}
    FROM usage_rollups_hourly
    WHERE tenant_id = ${tenantId}::uuid AND hour >= ${range.from} AND hour < ${range.to}
    GROUP BY model_id
    ORDER BY sum(amount) DESC,
             sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens + reasoning_tokens) DESC,
             model_id`;
  return rows.map((row) => ({ modelId: row.model_id, ...toTotals(row) }));
}
