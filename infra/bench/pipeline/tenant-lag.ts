import pg from "pg";

export interface TenantLag {
  events: number;
  p50Seconds: number | null;
  p99Seconds: number | null;
}

/**
 * Lag per tenant group from the stored rows: `received_at` (ingest accepted the batch) to `rated_at` (the worker
 * wrote the rows, inside its transaction, after every lock it takes). Queue wait, lock waits and rating are in it;
 * the job's last writes and commit (a few ms) are not. The hot tenant against all the others shows whether one
 * tenant's volume delays the rest.
 */
export async function measureTenantLag(
  databaseUrl: string,
  hotTenantId: string,
  window: { from: Date; to: Date },
): Promise<{ hot: TenantLag; others: TenantLag }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ hot: boolean; events: string; p50: number | null; p99: number | null }>(
      `SELECT tenant_id = $1 AS hot, count(*) AS events,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM rated_at - received_at)) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM rated_at - received_at)) AS p99
         FROM usage_events
        WHERE received_at >= $2 AND received_at < $3 AND rated_at IS NOT NULL
        GROUP BY 1`,
      [hotTenantId, window.from, window.to],
    );
    const of = (hot: boolean): TenantLag => {
      const row = result.rows.find((candidate) => candidate.hot === hot);
      return { events: Number(row?.events ?? 0), p50Seconds: row?.p50 ?? null, p99Seconds: row?.p99 ?? null };
    };
    return { hot: of(true), others: of(false) };
  } finally {
    await client.end();
  }
}
