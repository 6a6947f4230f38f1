import { Prisma, type DbOrTx } from "@tollgate/db";
import {
  ALL_TOKENS_SQL,
  analyticsWindow,
  asOf,
  checkCurrency,
  exact,
  type AnalyticsQuery,
} from "./analytics-window.ts";

export interface TopAgentRow {
  /** The agent name events carried; the same name in two tenants counts as one agent here. */
  agent: string;
  tokens: string;
  events: string;
  /** Exact revenue of the tenants billed in the query's currency. */
  revenue: string;
}

export interface TopAgents {
  asOf: string | null;
  currency: string;
  agents: TopAgentRow[];
}

/** The agents with the most tokens across every tenant over the last N weeks (events without an agent left out). */
export async function getTopAgents(
  db: DbOrTx,
  query: AnalyticsQuery & { currency: string; limit: number },
): Promise<TopAgents> {
  const window = analyticsWindow(query);
  const currency = checkCurrency(query.currency);
  const [rows, refreshed] = await Promise.all([
    db.$queryRaw<{ agent: string; tokens: string; events: string; revenue: { toString(): string } | null }[]>`
      SELECT g.agent, sum(${Prisma.raw(ALL_TOKENS_SQL)})::text AS tokens, sum(g.event_count)::text AS events,
             sum(g.amount) FILTER (WHERE g.currency = ${currency}) AS revenue
        FROM usage_rollups_global_daily g
       WHERE g.day >= ${window.from} AND g.day < ${window.to} AND g.agent <> ''
       GROUP BY g.agent
       ORDER BY sum(${Prisma.raw(ALL_TOKENS_SQL)}) DESC, g.agent
       LIMIT ${query.limit}`,
    asOf(db),
  ]);
  return {
    asOf: refreshed,
    currency,
    agents: rows.map((row) => ({ ...row, revenue: exact(row.revenue) })),
  };
}
