import type { DbOrTx } from "@tollgate/db";
import { analyticsWindow, asOf, ratio, type AnalyticsQuery } from "./analytics-window.ts";

export interface UnratedModelRow {
  model: string;
  unratedEvents: string;
  events: string;
  /** unrated / all events of the model, rounded half-even to 6 places. */
  unratedShare: string;
}

export interface UnratedVolume {
  asOf: string | null;
  unratedEvents: string;
  events: string;
  /** Models with unrated events, most first. */
  models: UnratedModelRow[];
}

/**
 * Events stored unrated (no price for their model or tenant when they arrived and not re-rated since) per model over
 * the last N weeks, every tenant: what is used but not billed.
 */
export async function getUnratedVolume(db: DbOrTx, query: AnalyticsQuery): Promise<UnratedVolume> {
  const window = analyticsWindow(query);
  const [rows, totals, refreshed] = await Promise.all([
    db.$queryRaw<{ model_id: string; unrated: string; events: string }[]>`
      SELECT g.model_id, sum(g.unrated_count)::text AS unrated, sum(g.event_count)::text AS events
        FROM usage_rollups_global_daily g
       WHERE g.day >= ${window.from} AND g.day < ${window.to}
       GROUP BY g.model_id
      HAVING sum(g.unrated_count) > 0
       ORDER BY sum(g.unrated_count) DESC, g.model_id`,
    db.$queryRaw<{ unrated: string | null; events: string | null }[]>`
      SELECT sum(g.unrated_count)::text AS unrated, sum(g.event_count)::text AS events
        FROM usage_rollups_global_daily g
       WHERE g.day >= ${window.from} AND g.day < ${window.to}`,
    asOf(db),
  ]);
  return {
    asOf: refreshed,
    unratedEvents: totals[0]?.unrated ?? "0",
    events: totals[0]?.events ?? "0",
    models: rows.map((row) => ({
      model: row.model_id,
      unratedEvents: row.unrated,
      events: row.events,
      unratedShare: ratio(row.unrated, row.events) ?? "0",
    })),
  };
}
