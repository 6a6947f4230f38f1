import type { UsageExploration } from "./router-types.ts";
import type { EXPLORE_GROUP_BYS, UsageSearch } from "./search-params.ts";

type GroupBy = (typeof EXPLORE_GROUP_BYS)[number];

/** What the usage page groups by, as a column header ("API key"). */
export const GROUP_BY_LABELS: Record<GroupBy, string> = {
  model: "Model",
  token_type: "Token type",
  api_key: "API key",
  customer: "Customer",
  agent: "Agent",
};

/** The same in running text ("Tokens by API key"). */
export const GROUP_BY_PHRASES: Record<GroupBy, string> = {
  model: "model",
  token_type: "token type",
  api_key: "API key",
  customer: "customer",
  agent: "agent",
};

/** What the usage page shows its results by (from the URL, defaults applied). */
export interface ExploreView {
  exploration: UsageExploration;
  metric: NonNullable<UsageSearch["metric"]>;
  groupBy: GroupBy;
}
