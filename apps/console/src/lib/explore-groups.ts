import type { EXPLORE_GROUP_BYS } from "./search-params.ts";

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
