import { spendGrowth } from "@tollgate/domain";
import { Prisma, type DbOrTx } from "@tollgate/db";
import { ALL_TOKENS_SQL, analyticsWindow, asOf, previousWeek, type AnalyticsQuery } from "./analytics-window.ts";

/** The model bucket that sums every model outside the top K. */
export const OTHER_MODELS = "other";

export interface ModelWeekTokens {
  /** A model id, or OTHER_MODELS. */
  model: string;
  tokens: string;
  /** Week-over-week growth of this model's tokens, an exact ratio rounded to 6 places; null without a prior week. */
  growth: string | null;
}

export interface WeekTokens {
  weekStart: string;
  /** The current week, still running. */
  partial: boolean;
  tokens: string;
  growth: string | null;
  /** The top models in rank order, then OTHER_MODELS. */
  models: ModelWeekTokens[];
}

export interface TokensByModelWeek {
  asOf: string | null;
  /** The top K models over the whole window by tokens (all types), largest first. */
  topModels: string[];
  weeks: WeekTokens[];
}

/**
 * Tokens (all types, every tenant) per UTC week and model over the last N weeks, the top K models apart and the rest
 * as "other", with week-over-week growth (the week before the window is read for the first week's growth). Reads
 * usage_rollups_global_daily only.
 */
export async function getTokensByModelWeek(
  db: DbOrTx,
  query: AnalyticsQuery & { topModels: number },
): Promise<TokensByModelWeek> {
  const window = analyticsWindow(query);
  const since = previousWeek(window.from);
  const [rows, refreshed] = await Promise.all([
    db.$queryRaw<{ week: Date; model_id: string; tokens: string }[]>`
      SELECT date_trunc('week', g.day, 'UTC') AS week, g.model_id, sum(${Prisma.raw(ALL_TOKENS_SQL)})::text AS tokens
        FROM usage_rollups_global_daily g
       WHERE g.day >= ${since} AND g.day < ${window.to}
       GROUP BY 1, 2`,
    asOf(db),
  ]);
  const inWindow = new Map<string, bigint>();
  const cells = new Map<string, bigint>();
  for (const row of rows) {
    const tokens = BigInt(row.tokens);
    cells.set(`${row.week.toISOString()}|${row.model_id}`, tokens);
    if (row.week >= window.from) inWindow.set(row.model_id, (inWindow.get(row.model_id) ?? 0n) + tokens);
  }
  const ranked = [...inWindow]
    .filter(([, tokens]) => tokens > 0n)
    .sort(([a, x], [b, y]) => (x === y ? a.localeCompare(b) : x > y ? -1 : 1))
    .map(([model]) => model);
  const topModels = ranked.slice(0, query.topModels);
  const top = new Set(topModels);

  const byWeek = (week: Date) => {
    const models = new Map<string, bigint>(topModels.map((model) => [model, 0n]));
    let other = 0n;
    let total = 0n;
    for (const [key, tokens] of cells) {
      const [at = "", model = ""] = key.split("|");
      if (at !== week.toISOString()) continue;
      total += tokens;
      if (top.has(model)) models.set(model, tokens);
      else other += tokens;
    }
    models.set(OTHER_MODELS, other);
    return { models, total };
  };

  let previous = byWeek(since);
  const current = window.weeks[window.weeks.length - 1]?.getTime();
  const weeks = window.weeks.map((week): WeekTokens => {
    const sums = byWeek(week);
    const result: WeekTokens = {
      weekStart: week.toISOString(),
      partial: week.getTime() === current,
      tokens: sums.total.toString(),
      growth: spendGrowth(sums.total.toString(), previous.total.toString()),
      models: [...sums.models].map(([model, tokens]) => ({
        model,
        tokens: tokens.toString(),
        growth: spendGrowth(tokens.toString(), (previous.models.get(model) ?? 0n).toString()),
      })),
    };
    previous = sums;
    return result;
  });
  return { asOf: refreshed, topModels, weeks };
}
