import type { ExploreOptions, ExplorePoint, ExploreTotals, UsageExploration } from "@tollgate/use-cases/usage";

const pointJson = (point: ExplorePoint) => ({
  tokens: point.tokens,
  total_tokens: point.totalTokens,
  amount: point.amount,
});

const totalsJson = (totals: ExploreTotals) => ({
  event_count: totals.eventCount,
  unrated_event_count: totals.unratedCount,
  ...pointJson(totals),
  rounded_amount: totals.roundedAmount,
});

/** The usage explorer's answer as the wire shows it (snake_case, ISO instants). */
export function usageExplorationJson(exploration: UsageExploration) {
  return {
    currency: exploration.currency,
    buckets: exploration.buckets.map((bucket) => ({ start: bucket.start.toISOString(), label: bucket.label })),
    groups: exploration.groups.map((group) => ({
      key: group.key,
      kind: group.kind,
      label: group.label,
      totals: totalsJson(group.totals),
      points: group.points.map(pointJson),
    })),
    total: totalsJson(exploration.total),
    merged_groups: exploration.mergedGroups,
  };
}

export function exploreOptionsJson(options: ExploreOptions) {
  return {
    api_keys: options.apiKeys,
    models: options.models,
    customers: options.customers,
    agents: options.agents,
    truncated: options.truncated,
  };
}
