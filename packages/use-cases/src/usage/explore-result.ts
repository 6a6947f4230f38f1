import type { TokenType } from "@tollgate/domain";

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
