import type { TokenType } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import type { ExploreGroupBy } from "./explore-query.ts";

export const TOKEN_TYPE_LABELS: Record<TokenType | "other", string> = {
  input: "Input",
  cached_input: "Cached input",
  cache_write: "Cache write",
  output: "Output",
  reasoning: "Reasoning",
  other: "Request fees and adjustments",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Human labels of the explorer's group keys: an API key's name (a key no longer in the tenant's list keeps its id),
 * token types spelled out; models, customers and agents are their own names. '' (no attribute) is "(none)".
 */
export async function exploreGroupLabels(
  db: DbOrTx,
  tenantId: string,
  groupBy: ExploreGroupBy,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const labels = new Map<string, string>([["", "(none)"]]);
  if (groupBy === "token_type") {
    for (const [key, label] of Object.entries(TOKEN_TYPE_LABELS)) labels.set(key, label);
  } else if (groupBy === "api_key") {
    const ids = keys.filter((key) => UUID.test(key));
    if (ids.length > 0) {
      const found = await db.apiKey.findMany({
        where: { tenantId, id: { in: ids } },
        select: { id: true, name: true },
      });
      for (const key of found) labels.set(key.id, key.name);
    }
  }
  return labels;
}
