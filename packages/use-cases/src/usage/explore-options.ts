import type { DbOrTx } from "@tollgate/db";
import { Prisma } from "@tollgate/db";
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
  // Options are distinct values ordered by tokens: any mix of daily and hourly rows gives the same answer.
  const seen = (column: "model_id" | "customer" | "agent") =>
    db.$queryRaw<{ value: string }[]>`
      SELECT ${Prisma.raw(column)} AS value FROM ${rollupSource(tenantId, range)}
       WHERE ${Prisma.raw(column)} <> ''
       GROUP BY 1
       ORDER BY sum(input_tokens + cached_input_tokens + cache_write_tokens + output_tokens + reasoning_tokens) DESC, 1
       LIMIT ${MAX_EXPLORE_OPTIONS + 1}`;
  const [keys, models, customers, agents] = await Promise.all([
    db.apiKey.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      select: { id: true, name: true, prefix: true, revokedAt: true },
    }),
    seen("model_id"),
    seen("customer"),
    seen("agent"),
  ]);
  const values = (rows: { value: string }[]) => rows.slice(0, MAX_EXPLORE_OPTIONS).map((row) => row.value);
  return {
    apiKeys: keys.map((key) => ({ id: key.id, name: key.name, prefix: key.prefix, revoked: key.revokedAt !== null })),
    models: values(models),
    customers: values(customers),
    agents: values(agents),
    truncated: [models, customers, agents].some((rows) => rows.length > MAX_EXPLORE_OPTIONS),
  };
}
