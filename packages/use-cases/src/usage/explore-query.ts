import { AppError, TOKEN_TYPES, type TokenType } from "@tollgate/domain";

export const EXPLORE_GROUP_BYS = ["model", "token_type", "api_key", "customer", "agent"] as const;
export type ExploreGroupBy = (typeof EXPLORE_GROUP_BYS)[number];
export const EXPLORE_GRANULARITIES = ["hour", "day"] as const;
export type ExploreGranularity = (typeof EXPLORE_GRANULARITIES)[number];

/** A chart of more points is unreadable and its answer large: hourly up to 31 days (744 points), daily 400 days. */
export const MAX_EXPLORE_DAYS: Record<ExploreGranularity, number> = { hour: 31, day: 400 };
/** Groups beyond this many (the costliest kept) are merged into one "other" group. */
export const DEFAULT_EXPLORE_GROUPS = 20;
export const MAX_EXPLORE_GROUPS = 100;

/** Filters; each list selects any of its values. '' in api_keys, customers or agents selects usage without one. */
export interface ExploreFilters {
  models?: readonly string[] | undefined;
  apiKeys?: readonly string[] | undefined;
  customers?: readonly string[] | undefined;
  agents?: readonly string[] | undefined;
  tokenTypes?: readonly TokenType[] | undefined;
}

export interface ExploreUsageQuery {
  from: Date;
  to: Date;
  granularity: ExploreGranularity;
  /** IANA zone; day buckets are its calendar days. */
  timeZone: string;
  groupBy: ExploreGroupBy;
  filters: ExploreFilters;
  maxGroups?: number | undefined;
}

const HOUR_MS = 3_600_000;

/**
 * The explorer's input rules, the same for every transport: [from, to) on whole UTC hours (usage is kept hourly),
 * from before to, at most MAX_EXPLORE_DAYS for the granularity (local days: one hour more), and a time zone the runtime knows. Throws a
 * bad_request AppError naming the field.
 */
export function checkExploreQuery(query: ExploreUsageQuery): void {
  for (const [name, date] of [
    ["from", query.from],
    ["to", query.to],
  ] as const) {
    if (Number.isNaN(date.getTime())) throw new AppError("bad_request", `${name} must be a date-time`);
    if (date.getTime() % HOUR_MS !== 0)
      throw new AppError(
        "bad_request",
        `${name} must be on a whole UTC hour (usage is summarized hourly); got ${date.toISOString()}`,
      );
  }
  const span = query.to.getTime() - query.from.getTime();
  if (span <= 0) throw new AppError("bad_request", "from must be before to");
  const maxDays = MAX_EXPLORE_DAYS[query.granularity];
  // Days of a zone: one of them may be 25 hours (summer time ends), so a month of local days may be 745 hours.
  if (span > maxDays * 24 * HOUR_MS + HOUR_MS)
    throw new AppError(
      "bad_request",
      `with granularity ${query.granularity} the range may span at most ${String(maxDays)} days`,
    );
  if (!isKnownTimeZone(query.timeZone))
    throw new AppError(
      "bad_request",
      `time_zone must be an IANA time zone such as Europe/Berlin; got ${query.timeZone}`,
    );
  const maxGroups = query.maxGroups ?? DEFAULT_EXPLORE_GROUPS;
  if (!Number.isInteger(maxGroups) || maxGroups < 1 || maxGroups > MAX_EXPLORE_GROUPS)
    throw new AppError("bad_request", `max_groups must be between 1 and ${String(MAX_EXPLORE_GROUPS)}`);
  for (const type of query.filters.tokenTypes ?? [])
    if (!TOKEN_TYPES.includes(type)) throw new AppError("bad_request", `unknown token type ${type}`);
}

/** True for zone names Intl resolves (IANA names and their links); offsets like "+02:00" are refused. */
export function isKnownTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
