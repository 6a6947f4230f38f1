import { AppError, decimalTextToUnits, TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { Prisma } from "@tollgate/db";
import type { ExploreFilters, ExploreGroupBy, ExploreUsageQuery } from "./explore-query.ts";
import { needsOnlyModels } from "./hourly-model-source.ts";
import { localDaySource } from "./local-day-source.ts";
import { rollupSource } from "./rollup-source.ts";

export interface RollupCellRow {
  bucket_key: string;
  group_key: string;
  event_count: bigint;
  unrated_count: bigint;
  input: bigint;
  cached_input: bigint;
  cache_write: bigint;
  output: bigint;
  reasoning: bigint;
  // NUMERIC sums as Postgres writes them (decimalTextToUnits reads them exactly; no Decimal object per value).
  amount: string | null;
  // Read only when the answer needs the amounts per token type (token_type grouping or filter).
  input_amount?: string | null;
  cached_input_amount?: string | null;
  cache_write_amount?: string | null;
  output_amount?: string | null;
  reasoning_amount?: string | null;
  type_amounts_known?: boolean;
}

/** The rollup columns of one token type's part of the amount. */
const TYPE_AMOUNT: Record<TokenType, keyof RollupCellRow> = {
  input: "input_amount",
  cached_input: "cached_input_amount",
  cache_write: "cache_write_amount",
  output: "output_amount",
  reasoning: "reasoning_amount",
};

/** A cell's amount in exact units (null: not known). */
export const amountUnitsOf = (row: RollupCellRow): bigint | null =>
  row.amount === null ? null : decimalTextToUnits(row.amount);

/** A cell's amount per token type in exact units; a type without any is 0. */
export function typeAmountsOf(row: RollupCellRow): Record<TokenType, bigint> {
  const amounts = {} as Record<TokenType, bigint>;
  for (const type of TOKEN_TYPES) {
    const text = row[TYPE_AMOUNT[type]] as string | null | undefined;
    amounts[type] = text == null ? 0n : decimalTextToUnits(text);
  }
  return amounts;
}

// Rollups store a missing attribute as '' (it is part of their primary key).
const GROUP_KEY_SQL: Record<ExploreGroupBy, Prisma.Sql> = {
  model: Prisma.sql`model_id`,
  token_type: Prisma.sql`''`,
  api_key: Prisma.sql`api_key_id`,
  customer: Prisma.sql`customer`,
  agent: Prisma.sql`agent`,
};

export interface BucketRow {
  key: string;
  start: Date;
  label: string;
}

/** Every bucket of [from, to), from Postgres' own time zone rules, so they match the cells' bucket keys exactly. */
export async function loadBuckets(db: DbOrTx, query: ExploreUsageQuery): Promise<BucketRow[]> {
  const { from, to, timeZone } = query;
  const series = Prisma.sql`generate_series(${from}::timestamptz, ${to}::timestamptz - interval '1 hour', interval '1 hour')`;
  if (query.granularity === "hour") {
    const rows = await db.$queryRaw<{ start: Date; label: string }[]>`
      SELECT h AS start, to_char(h AT TIME ZONE ${timeZone}, 'YYYY-MM-DD"T"HH24:MI') AS label
      FROM ${series} AS h ORDER BY h`;
    return rows.map((row) => ({ key: row.start.toISOString(), start: row.start, label: row.label }));
  }
  const rows = await db.$queryRaw<{ label: string; start: Date }[]>`
    SELECT to_char(h AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS label, min(h) AS start
    FROM ${series} AS h GROUP BY 1 ORDER BY 2`;
  return rows.map((row) => ({ key: row.label, start: row.start, label: row.label }));
}

function filterSql(filters: ExploreFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const list = (values: readonly string[] | undefined, column: Prisma.Sql) => {
    if (values && values.length > 0) parts.push(Prisma.sql`AND ${column} = ANY(${[...values]}::text[])`);
  };
  list(filters.models, Prisma.sql`model_id`);
  list(filters.apiKeys, Prisma.sql`api_key_id`);
  list(filters.customers, Prisma.sql`customer`);
  list(filters.agents, Prisma.sql`agent`);
  return parts.length > 0 ? Prisma.join(parts, " ") : Prisma.empty;
}

/**
 * Sums per (bucket, group) of the filtered rollup rows, in two steps: first per (rollup hour or day as stored, group),
 * which groups plain columns (no time zone conversion or formatting per rollup row: 216,000 rows for 30 days of a
 * busy tenant's hourly rows), then per bucket over those few thousand sums. Sums are exact, so summing in two steps
 * gives the same numbers. The amounts per token type (five NUMERIC sums) are read only when the answer needs them.
 */
export async function loadCells(
  db: DbOrTx,
  tenantId: string,
  query: ExploreUsageQuery,
  needTypeAmounts: boolean,
): Promise<RollupCellRow[]> {
  // Daily rows serve daily buckets (other zones' days with a few hourly rows moved); hours need hourly rows, per
  // model when nothing else is grouped or filtered (a few rows an hour instead of every key × customer × agent).
  const days = query.granularity === "day";
  const modelsOnly = needsOnlyModels(query);
  const source =
    days && query.timeZone !== "UTC"
      ? await localDaySource(db, tenantId, query, query.timeZone, { modelsOnly })
      : rollupSource(tenantId, query, { wholeUtcDays: days, modelsOnly });
  const bucket =
    query.granularity === "hour"
      ? Prisma.sql`to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00:00.000"Z"')`
      : Prisma.sql`to_char(t AT TIME ZONE ${query.timeZone}, 'YYYY-MM-DD')`;
  const typeSums = needTypeAmounts
    ? Prisma.sql`, sum(input_amount)::text AS input_amount, sum(cached_input_amount)::text AS cached_input_amount,
           sum(cache_write_amount)::text AS cache_write_amount, sum(output_amount)::text AS output_amount,
           sum(reasoning_amount)::text AS reasoning_amount, bool_and(type_amounts_known) AS type_amounts_known`
    : Prisma.empty;
  const typeParts = needTypeAmounts
    ? Prisma.sql`, sum(input_amount) AS input_amount, sum(cached_input_amount) AS cached_input_amount,
           sum(cache_write_amount) AS cache_write_amount, sum(output_amount) AS output_amount,
           sum(reasoning_amount) AS reasoning_amount, bool_and(input_amount IS NOT NULL) AS type_amounts_known`
    : Prisma.empty;
  return db.$queryRaw<RollupCellRow[]>`
    SELECT ${bucket} AS bucket_key, group_key,
           sum(event_count)::bigint AS event_count, sum(unrated_count)::bigint AS unrated_count,
           sum(input)::bigint AS input, sum(cached_input)::bigint AS cached_input,
           sum(cache_write)::bigint AS cache_write, sum(output)::bigint AS output,
           sum(reasoning)::bigint AS reasoning, sum(amount)::text AS amount ${typeSums}
    FROM (
      SELECT hour AS t, ${GROUP_KEY_SQL[query.groupBy]} AS group_key,
             sum(event_count) AS event_count, sum(unrated_count) AS unrated_count, sum(input_tokens) AS input,
             sum(cached_input_tokens) AS cached_input, sum(cache_write_tokens) AS cache_write,
             sum(output_tokens) AS output, sum(reasoning_tokens) AS reasoning, sum(amount) AS amount ${typeParts}
      FROM ${source}
      WHERE true ${filterSql(query.filters)}
      GROUP BY 1, 2
    ) AS c
    GROUP BY 1, 2`;
}

/** A zone Intl knows but this Postgres does not (older tz data) is the caller's 400, not a 500. */
export async function withTimeZoneCheck<T>(timeZone: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error && /time zone .* not recognized/i.test(error.message))
      throw new AppError("bad_request", `time_zone ${timeZone} is not known to the database`);
    throw error;
  }
}
