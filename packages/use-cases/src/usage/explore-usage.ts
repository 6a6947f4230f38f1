import {
  AppError,
  allocateRoundedLines,
  money,
  roundToMinorUnit,
  toDecimalString,
  TOKEN_TYPES,
  type Money,
  type TokenType,
} from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { Prisma } from "@tollgate/db";
import { getPlanInForce } from "../subscriptions/plan-in-force.ts";
import {
  checkExploreQuery,
  DEFAULT_EXPLORE_GROUPS,
  type ExploreFilters,
  type ExploreGroupBy,
  type ExploreUsageQuery,
} from "./explore-query.ts";
import { exploreGroupLabels } from "./explore-labels.ts";
import { rollupSource } from "./rollup-source.ts";

/** Tokens as decimal strings of bigints; amounts full precision; null where it is not known (see amount). */
export interface ExplorePoint {
  tokens: Record<TokenType, string>;
  totalTokens: string;
  /**
   * Rated amount. Null only when it needs the amount per token type (token_type grouping or filter) of usage
   * recorded before the rollups kept it.
   */
  amount: string | null;
}

export interface ExploreTotals extends ExplorePoint {
  /** Null for token-type groups (an event has several token types). */
  eventCount: string | null;
  unratedCount: string | null;
  /** `amount` rounded to the currency's minor unit; the groups' rounded amounts add up to the total's exactly. */
  roundedAmount: string | null;
}

export interface ExploreGroup {
  /** The model id, token type, API key id, customer or agent; null for "none" and "other". */
  key: string | null;
  /** value: a real key; none: usage without the attribute; other: the groups beyond max_groups, merged. */
  kind: "value" | "none" | "other";
  /** For humans: the key's name for API keys, "(none)", "Other (n)"; token types spelled out. */
  label: string;
  totals: ExploreTotals;
  /** One per bucket, in bucket order (zeros included). */
  points: ExplorePoint[];
}

export interface ExploreBucket {
  /** The bucket's first instant in range (a day's first hour in the zone, clipped to `from`). */
  start: Date;
  /** Local to the time zone: YYYY-MM-DD for days, YYYY-MM-DDTHH:mm for hours. */
  label: string;
}

export interface UsageExploration {
  currency: string;
  buckets: ExploreBucket[];
  groups: ExploreGroup[];
  total: ExploreTotals;
  /** How many groups were merged into the "other" group (0: none). */
  mergedGroups: number;
}

interface RollupCellRow {
  bucket_key: string;
  group_key: string;
  event_count: bigint;
  unrated_count: bigint;
  input: bigint;
  cached_input: bigint;
  cache_write: bigint;
  output: bigint;
  reasoning: bigint;
  amount: { toString(): string } | null;
  // Read only when the answer needs the amounts per token type (token_type grouping or filter).
  input_amount?: { toString(): string } | null;
  cached_input_amount?: { toString(): string } | null;
  cache_write_amount?: { toString(): string } | null;
  output_amount?: { toString(): string } | null;
  reasoning_amount?: { toString(): string } | null;
  type_amounts_known?: boolean;
}

/** Running sums of one cell (bucket × group), one group's totals or the overall total. */
class Sums {
  events = 0n;
  unrated = 0n;
  tokens: Record<TokenType, bigint> = { input: 0n, cached_input: 0n, cache_write: 0n, output: 0n, reasoning: 0n };
  amount: Money | null = money("0");

  add(other: { events: bigint; unrated: bigint; tokens: Record<TokenType, bigint>; amount: Money | null }): void {
    this.events += other.events;
    this.unrated += other.unrated;
    for (const type of TOKEN_TYPES) this.tokens[type] += other.tokens[type];
    this.amount = this.amount === null || other.amount === null ? null : this.amount.plus(other.amount);
  }

  point(): ExplorePoint {
    let total = 0n;
    for (const type of TOKEN_TYPES) total += this.tokens[type];
    return {
      tokens: {
        input: this.tokens.input.toString(),
        cached_input: this.tokens.cached_input.toString(),
        cache_write: this.tokens.cache_write.toString(),
        output: this.tokens.output.toString(),
        reasoning: this.tokens.reasoning.toString(),
      },
      totalTokens: total.toString(),
      amount: this.amount === null ? null : toDecimalString(this.amount),
    };
  }

  totalTokens(): bigint {
    let total = 0n;
    for (const type of TOKEN_TYPES) total += this.tokens[type];
    return total;
  }
}

interface GroupSums {
  key: string;
  total: Sums;
  cells: Map<string, Sums>;
}

/** The rollup columns of one token type's part of the amount. */
const TYPE_AMOUNT: Record<TokenType, keyof RollupCellRow> = {
  input: "input_amount",
  cached_input: "cached_input_amount",
  cache_write: "cache_write_amount",
  output: "output_amount",
  reasoning: "reasoning_amount",
};

// Rollups store a missing attribute as '' (it is part of their primary key).
const GROUP_KEY_SQL: Record<ExploreGroupBy, Prisma.Sql> = {
  model: Prisma.sql`model_id`,
  token_type: Prisma.sql`''`,
  api_key: Prisma.sql`api_key_id`,
  customer: Prisma.sql`customer`,
  agent: Prisma.sql`agent`,
};

/**
 * The usage explorer: one tenant's usage over [from, to) from the rollups only (never raw events; daily rows for whole
 * days of a daily UTC query, hourly rows otherwise), in hourly
 * or daily buckets (days of the given time zone), grouped by model, token type, API key, customer or agent, with
 * filters. Every bucket of the range is present, zeros included. Group amounts are rounded with
 * allocateRoundedLines so the rounded groups add up to the rounded total exactly. Token totals and amounts equal
 * GET /v1/usage/summary's for the same range and no filters.
 */
export async function exploreUsage(db: DbOrTx, tenantId: string, query: ExploreUsageQuery): Promise<UsageExploration> {
  checkExploreQuery(query);
  const planAt = new Date(Math.min(query.to.getTime() - 1, Date.now()));
  const byToken = query.groupBy === "token_type";
  const typeFilter = query.filters.tokenTypes && query.filters.tokenTypes.length > 0 ? query.filters.tokenTypes : null;
  const [buckets, rows, plan] = await withTimeZoneCheck(query.timeZone, () =>
    Promise.all([
      loadBuckets(db, query),
      loadCells(db, tenantId, query, byToken || typeFilter !== null),
      getPlanInForce(db, tenantId, planAt),
    ]),
  );
  const currency = plan?.currency ?? "USD";

  const total = new Sums();
  const groups = new Map<string, GroupSums>();
  const addTo = (groupKey: string, bucketKey: string, part: Parameters<Sums["add"]>[0]) => {
    let group = groups.get(groupKey);
    if (!group) {
      group = { key: groupKey, total: new Sums(), cells: new Map() };
      groups.set(groupKey, group);
    }
    group.total.add(part);
    let cell = group.cells.get(bucketKey);
    if (!cell) {
      cell = new Sums();
      group.cells.set(bucketKey, cell);
    }
    cell.add(part);
  };

  for (const row of rows) {
    const typeAmounts = row.type_amounts_known === true ? typeAmountsOf(row) : null;
    const tokens = { input: 0n, cached_input: 0n, cache_write: 0n, output: 0n, reasoning: 0n };
    for (const type of typeFilter ?? TOKEN_TYPES) tokens[type] = row[type];
    const amount = typeFilter
      ? typeAmounts && typeFilter.reduce((sum, type) => sum.plus(typeAmounts[type]), money("0"))
      : money(row.amount?.toString() ?? "0");
    const whole = { events: row.event_count, unrated: row.unrated_count, tokens, amount };
    total.add(whole);
    if (!byToken) {
      addTo(row.group_key, row.bucket_key, whole);
      continue;
    }
    for (const type of typeFilter ?? TOKEN_TYPES) {
      const only = { input: 0n, cached_input: 0n, cache_write: 0n, output: 0n, reasoning: 0n };
      only[type] = row[type];
      addTo(type, row.bucket_key, { events: 0n, unrated: 0n, tokens: only, amount: typeAmounts?.[type] ?? null });
    }
    if (!typeFilter) {
      // Request fees, allowances and caps: the part of the amount no token type holds.
      const rest = typeAmounts
        ? TOKEN_TYPES.reduce((sum, type) => sum.minus(typeAmounts[type]), money(row.amount?.toString() ?? "0"))
        : null;
      addTo("other", row.bucket_key, { events: 0n, unrated: 0n, tokens: tokens0(), amount: rest });
    }
  }

  const ordered = byToken ? tokenTypeOrder(groups, typeFilter) : costliestFirst([...groups.values()]);
  const maxGroups = query.maxGroups ?? DEFAULT_EXPLORE_GROUPS;
  const kept = ordered.slice(0, maxGroups);
  const merged = ordered.slice(maxGroups);
  const labels = await exploreGroupLabels(
    db,
    tenantId,
    query.groupBy,
    kept.map((group) => group.key),
  );

  const shaped: { group: ExploreGroup; sums: Sums }[] = kept.map((group) => ({
    sums: group.total,
    group: {
      key: group.key === "" || (byToken && group.key === "other") ? null : group.key,
      kind: group.key === "" ? "none" : byToken && group.key === "other" ? "other" : "value",
      label: labels.get(group.key) ?? (group.key === "" ? "(none)" : group.key),
      totals: totalsOf(group.total, byToken),
      points: buckets.map((bucket) => (group.cells.get(bucket.key) ?? new Sums()).point()),
    },
  }));
  if (merged.length > 0) {
    const rest: GroupSums = { key: "", total: new Sums(), cells: new Map() };
    for (const group of merged) {
      rest.total.add(group.total);
      for (const [bucket, cell] of group.cells) {
        const into = rest.cells.get(bucket) ?? new Sums();
        into.add(cell);
        rest.cells.set(bucket, into);
      }
    }
    shaped.push({
      sums: rest.total,
      group: {
        key: null,
        kind: "other",
        label: `Other (${String(merged.length)})`,
        totals: totalsOf(rest.total, byToken),
        points: buckets.map((bucket) => (rest.cells.get(bucket.key) ?? new Sums()).point()),
      },
    });
  }
  roundGroups(shaped, total, currency);

  return {
    currency,
    buckets: buckets.map(({ start, label }) => ({ start, label })),
    groups: shaped.map((item) => item.group),
    total: { ...totalsOf(total, false), roundedAmount: rounded(total.amount, currency) },
    mergedGroups: merged.length,
  };
}

const tokens0 = (): Record<TokenType, bigint> => ({
  input: 0n,
  cached_input: 0n,
  cache_write: 0n,
  output: 0n,
  reasoning: 0n,
});

function typeAmountsOf(row: RollupCellRow): Record<TokenType, Money> {
  const amounts = {} as Record<TokenType, Money>;
  for (const type of TOKEN_TYPES)
    amounts[type] = money((row[TYPE_AMOUNT[type]] as { toString(): string } | null)?.toString() ?? "0");
  return amounts;
}

function totalsOf(sums: Sums, byToken: boolean): ExploreTotals {
  return {
    ...sums.point(),
    eventCount: byToken ? null : sums.events.toString(),
    unratedCount: byToken ? null : sums.unrated.toString(),
    roundedAmount: null,
  };
}

const rounded = (amount: Money | null, currency: string) =>
  amount === null ? null : toDecimalString(roundToMinorUnit(amount, currency));

/** Rounds the groups' amounts so they add up to the rounded total exactly (when every amount is known). */
function roundGroups(shaped: readonly { group: ExploreGroup; sums: Sums }[], total: Sums, currency: string): void {
  const amounts = shaped.map((item) => item.sums.amount);
  if (total.amount === null || amounts.some((amount) => amount === null)) return;
  const allocated = allocateRoundedLines(amounts as Money[], currency);
  shaped.forEach((item, index) => {
    item.group.totals.roundedAmount = toDecimalString(allocated[index] ?? money("0"));
  });
}

/** Most expensive first, then most tokens, then key; "none" ('') sorts like any other key. */
function costliestFirst(groups: GroupSums[]): GroupSums[] {
  return groups.sort((a, b) => {
    const byAmount = (b.total.amount ?? money("0")).comparedTo(a.total.amount ?? money("0"));
    if (byAmount !== 0) return byAmount;
    const byTokens = b.total.totalTokens() - a.total.totalTokens();
    if (byTokens !== 0n) return byTokens > 0n ? 1 : -1;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

/** Token types in their fixed order (stable chart colours), then fees and adjustments; every one present. */
function tokenTypeOrder(groups: Map<string, GroupSums>, filter: readonly TokenType[] | null): GroupSums[] {
  const keys: string[] = filter ? TOKEN_TYPES.filter((type) => filter.includes(type)) : [...TOKEN_TYPES, "other"];
  return keys.map((key) => groups.get(key) ?? { key, total: new Sums(), cells: new Map() });
}

interface BucketRow {
  key: string;
  start: Date;
  label: string;
}

/** Every bucket of [from, to), from Postgres' own time zone rules, so they match the cells' bucket keys exactly. */
async function loadBuckets(db: DbOrTx, query: ExploreUsageQuery): Promise<BucketRow[]> {
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
async function loadCells(
  db: DbOrTx,
  tenantId: string,
  query: ExploreUsageQuery,
  needTypeAmounts: boolean,
): Promise<RollupCellRow[]> {
  // Daily rows serve daily buckets (other zones' days with a few hourly rows moved); hours need the hourly rows.
  const days = query.granularity === "day";
  const source = rollupSource(tenantId, query, {
    wholeUtcDays: days,
    zoneDays: days && query.timeZone !== "UTC" ? query.timeZone : undefined,
  });
  const bucket =
    query.granularity === "hour"
      ? Prisma.sql`to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00:00.000"Z"')`
      : Prisma.sql`to_char(t AT TIME ZONE ${query.timeZone}, 'YYYY-MM-DD')`;
  const typeSums = needTypeAmounts
    ? Prisma.sql`, sum(input_amount) AS input_amount, sum(cached_input_amount) AS cached_input_amount,
           sum(cache_write_amount) AS cache_write_amount, sum(output_amount) AS output_amount,
           sum(reasoning_amount) AS reasoning_amount, bool_and(type_amounts_known) AS type_amounts_known`
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
           sum(reasoning)::bigint AS reasoning, sum(amount) AS amount ${typeSums}
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
async function withTimeZoneCheck<T>(timeZone: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error && /time zone .* not recognized/i.test(error.message))
      throw new AppError("bad_request", `time_zone ${timeZone} is not known to the database`);
    throw error;
  }
}
