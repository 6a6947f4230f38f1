import type { DbOrTx } from "@tollgate/db";

/** How far back the lag percentiles look, and how many recent events they read at most. */
export const LAG_WINDOW_MS = 5 * 60_000;
export const LAG_SAMPLE_LIMIT = 20_000;
/** Unrated events are counted up to this many; beyond it the page says "at least". */
export const UNRATED_COUNT_CAP = 100_000;

export interface IngestLag {
  /** Events recorded in the window that were read (at most LAG_SAMPLE_LIMIT). */
  events: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

/**
 * Ingest→ledger lag of the events recorded in the last five minutes: `inserted_at` (the recording transaction's
 * start) minus `received_at` (ingest's acceptance). The range is found with the BRIN index on `inserted_at`
 * (usage_events_inserted_at_brin: rows are appended in that order, so a few block ranges hold the window) and
 * read no further than LAG_SAMPLE_LIMIT rows, so a busy window costs a bounded read, not a scan.
 */
export async function readIngestLag(db: DbOrTx, now: Date): Promise<IngestLag> {
  const since = new Date(now.getTime() - LAG_WINDOW_MS);
  const rows = await db.$queryRaw<{ events: number; p50: number | null; p99: number | null }[]>`
    SELECT count(*)::int AS events,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms)::float8 AS p50,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY lag_ms)::float8 AS p99
      FROM (SELECT extract(epoch FROM inserted_at - received_at) * 1000 AS lag_ms
              FROM usage_events
             WHERE inserted_at >= ${since}
             LIMIT ${LAG_SAMPLE_LIMIT}) recent`;
  const row = rows[0];
  return {
    events: row?.events ?? 0,
    p50Ms: row?.p50 == null ? null : Math.round(row.p50),
    p99Ms: row?.p99 == null ? null : Math.round(row.p99),
  };
}

/** Events stored unrated, counted over the partial index of unrated rows and capped at UNRATED_COUNT_CAP. */
export async function countUnratedEvents(db: DbOrTx): Promise<{ count: number; capped: boolean }> {
  const rows = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count
      FROM (SELECT 1 FROM usage_events WHERE rating_status = 'unrated' LIMIT ${UNRATED_COUNT_CAP + 1}) unrated`;
  const count = rows[0]?.count ?? 0;
  return { count: Math.min(count, UNRATED_COUNT_CAP), capped: count > UNRATED_COUNT_CAP };
}
