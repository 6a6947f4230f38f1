import type { DbOrTx } from "@tollgate/db";
import { checkExploreQuery } from "./explore-query.ts";
import { rollupSource } from "./rollup-source.ts";

/** The filter values the explorer offers, capped per list (the most used first). */
export const MAX_EXPLORE_OPTIONS = 1000;

export interface ExploreOptions {
  /** Every API key of the tenant (revoked ones too: their usage stays), newest first. */
  apiKeys: { id: string; name: string; prefix: string; revoked: boolean }[];
  /** Seen in the range's rollups, most tokens first; '' (none) is left out: the filter takes it as "(none)". */
  models: string[];
  customers: string[];
  agents: string[];
  /** True when a list was cut at MAX_EXPLORE_OPTIONS. */
  truncated: boolean;
}

/** The explorer's filter options for [from, to) (same range rules as the explorer, hourly bound not applied). */
export async function exploreUsageOptions(
  db: DbOrTx,
  tenantId: string,
  range: { from: Date; to: Date },
): Promise<ExploreOptions> {
  checkExploreQuery({ ...range, granularity: "day", timeZone: "UTC", groupBy: "model", filters: {} });
  // Options are distinct values ordered by tokens: any mix of daily and hourly rows gives the same answer. The three
  // lists come from one scan of the range (GROUPING SETS), not three: the page asks for them with every range.
  const [keys, seen] = await Promise.all([
    db.apiKey.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      select: { id: true, name: true, prefix: true, revokedAt: true },
    }),
    db.$queryRaw<{ kind: "model_id" | "customer" | "agent"; value: string }[]>`
      SELECT kind, value FROM (
        SELECT kind, value, row_number() OVER (PARTITION BY kind ORDER BY tokens DESC, value) AS n
          FROM (
            SELECT CASE WHEN grouping(model_id) = 0 THEN 'model_id' WHEN grouping(customer) = 0 THEN 'customer'
                        ELSE 'agent' END AS kind,
                   coalesce(model_id, customer, agent) AS value,
                   sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens + reasoning_tokens)
                     AS tokens
              FROM ${rollupSource(tenantId, range)}
             GROUP BY GROUPING SETS ((model_id), (customer), (agent))) AS g
         WHERE value <> '') AS r
       WHERE n <= ${MAX_EXPLORE_OPTIONS + 1}
       ORDER BY kind, n`,
  ]);
  const of = (kind: "model_id" | "customer" | "agent") => seen.filter((row) => row.kind === kind);
  const [models, customers, agents] = [of("model_id"), of("customer"), of("agent")];
  const values = (rows: { value: string }[]) => rows.slice(0, MAX_EXPLORE_OPTIONS).map((row) => row.value);
  return {
    apiKeys: keys.map((key) => ({ id: key.id, name: key.name, prefix: key.prefix, revoked: key.revokedAt !== null })),
    models: values(models),
    customers: values(customers),
    agents: values(agents),
    truncated: [models, customers, agents].some((rows) => rows.length > MAX_EXPLORE_OPTIONS),
  };
}
