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

/** A tenant with up to this many API keys has all their names read alongside the cells (one small query). */
const PREFETCHED_KEY_NAMES = 500;

/**
 * The names of all the tenant's API keys, read in parallel with the cells so the labels cost no round trip after
 * them; null when the tenant has more keys than PREFETCHED_KEY_NAMES (exploreGroupLabels then reads the shown ones).
 */
export async function prefetchKeyNames(
  db: DbOrTx,
  tenantId: string,
  groupBy: ExploreGroupBy,
): Promise<Map<string, string> | null> {
  if (groupBy !== "api_key") return null;
  const found = await db.apiKey.findMany({
    where: { tenantId },
    select: { id: true, name: true },
    take: PREFETCHED_KEY_NAMES + 1,
  });
  if (found.length > PREFETCHED_KEY_NAMES) return null;
  return new Map(found.map((key) => [key.id, key.name]));
}

/**
 * Human labels of the explorer's group keys: an API key's name (a key no longer in the tenant's list keeps its id),
 * token types spelled out; models, customers and agents are their own names. '' (no attribute) is "(none)".
 * `keyNames` (prefetchKeyNames) saves the read of the API keys' names.
 */
export async function exploreGroupLabels(
  db: DbOrTx,
  tenantId: string,
  groupBy: ExploreGroupBy,
  keys: readonly string[],
  keyNames: ReadonlyMap<string, string> | null = null,
): Promise<Map<string, string>> {
  const labels = new Map<string, string>([["", "(none)"]]);
  if (groupBy === "token_type") {
    for (const [key, label] of Object.entries(TOKEN_TYPE_LABELS)) labels.set(key, label);
  } else if (groupBy === "api_key") {
    const ids = keys.filter((key) => UUID.test(key));
    if (keyNames) {
      for (const id of ids) {
        const name = keyNames.get(id);
        if (name !== undefined) labels.set(id, name);
      }
    } else if (ids.length > 0) {
      const found = await db.apiKey.findMany({
        where: { tenantId, id: { in: ids } },
        select: { id: true, name: true },
      });
      for (const key of found) labels.set(key.id, key.name);
    }
  }
  return labels;
}
