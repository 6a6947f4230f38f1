import { TOKEN_TYPES } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { getPlanInForce } from "../subscriptions/plan-in-force.ts";
import { checkExploreQuery, DEFAULT_EXPLORE_GROUPS, type ExploreUsageQuery } from "./explore-query.ts";
import { exploreGroupLabels, prefetchKeyNames } from "./explore-labels.ts";
import { amountUnitsOf, loadBuckets, loadCells, typeAmountsOf, withTimeZoneCheck } from "./explore-cells.ts";
import type { ExploreGroup, UsageExploration } from "./explore-result.ts";
import {
  costliestFirst,
  rounded,
  roundGroups,
  Sums,
  tokens0,
  tokenTypeOrder,
  totalsOf,
  type GroupSums,
  type SumsPart,
} from "./explore-sums.ts";

export type * from "./explore-result.ts";

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
  const [buckets, rows, plan, keyNames] = await withTimeZoneCheck(query.timeZone, () =>
    Promise.all([
      loadBuckets(db, query),
      loadCells(db, tenantId, query, byToken || typeFilter !== null),
      getPlanInForce(db, tenantId, planAt),
      prefetchKeyNames(db, tenantId, query.groupBy),
    ]),
  );
  const currency = plan?.currency ?? "USD";

  const total = new Sums();
  const groups = new Map<string, GroupSums>();
  const addTo = (groupKey: string, bucketKey: string, part: SumsPart) => {
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
      ? typeAmounts && typeFilter.reduce((sum, type) => sum + typeAmounts[type], 0n)
      : (amountUnitsOf(row) ?? 0n);
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
        ? TOKEN_TYPES.reduce((sum, type) => sum - typeAmounts[type], amountUnitsOf(row) ?? 0n)
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
    keyNames,
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
