import type { PoolClient } from "pg";
import type { TenantRated } from "../rating/charges.ts";
import type { RatedEvent } from "../rating/rate-events.ts";

/*
 * usage_rollup_changes: the (tenant, UTC hour) pairs whose rollups moved without the refreshes' watermark on
 * usage_events naming them (re-rated hours: no new event), or that the explorer must not read from the refreshed
 * tables until a refresh took them in (late hours). Both are written in the transaction that moves the hourly rows,
 * sorted (rows locked in one order, so concurrent writers queue instead of deadlocking); a noted hour noted again gets
 * the new stamp (changed_at defaults to the transaction's start), so refreshes past the first stamp still see it.
 */

/** Upserts the pairs, keeping only those `keep` (a condition on the column `hour`, on the database's clock) selects. */
async function noteHours(
  client: PoolClient,
  pairs: readonly { tenantId: string; hour: Date }[],
  keep = "true",
): Promise<void> {
  if (pairs.length === 0) return;
  await client.query(
    `INSERT INTO usage_rollup_changes (tenant_id, hour)
     SELECT DISTINCT tenant_id, hour FROM unnest($1::uuid[], $2::timestamptz[]) AS x(tenant_id, hour)
      WHERE ${keep} ORDER BY 1, 2
     ON CONFLICT (tenant_id, hour) DO UPDATE SET changed_at = excluded.changed_at`,
    [pairs.map(({ tenantId }) => tenantId), pairs.map(({ hour }) => hour.toISOString())],
  );
}

/**
 * Notes the hours whose rollups a re-rating moves, in the re-rating transaction: no new event names them, so neither
 * the local-day nor the analytics refresh would otherwise recompute their days. Re-rating is rare (events of unpriced
 * models), so this costs the recording path nothing.
 */
export async function noteReRatedHours(
  client: PoolClient,
  updates: readonly { tenantId: string; rated: RatedEvent }[],
): Promise<void> {
  await noteHours(
    client,
    updates.map(({ tenantId, rated }) => ({ tenantId, hour: rated.hourStart })),
  );
}

/** Past this (on the worker's clock), an event's hour may be late: generous, the exact rule is the database's. */
const LATE_CANDIDATE_MS = 30 * 60_000;

/**
 * Notes the late hours of the events a recording transaction stores (call with exactly the stored ones): those whose
 * UTC hour started more than an hour before the transaction did. The explorer reads them from the hourly rows until a
 * refresh has taken them in (see modelHourRows, localDaySource); the hours it serves from the refreshed tables are at
 * least two hours before the refresh, so any event into them that is not noted (its hour at most an hour before its
 * transaction) was committed an hour before the refresh and is in it. Jobs of current usage have no candidate in JS
 * and run no statement.
 */
export async function noteLateHours(client: PoolClient, tenants: readonly TenantRated[]): Promise<void> {
  const before = Date.now() - LATE_CANDIDATE_MS;
  const late = tenants.flatMap(({ tenantId, rated }) =>
    rated.filter((event) => event.hourStart.getTime() < before).map((event) => ({ tenantId, hour: event.hourStart })),
  );
  await noteHours(client, late, "hour < transaction_timestamp() - interval '1 hour'");
}
